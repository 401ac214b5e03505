import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { ConfigContext } from "./app/config-context";
import { queryClient } from "./app/query";
import { loadConfig } from "./auth/config";
import "./styles.css";

const config = await loadConfig();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ConfigContext.Provider value={config}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </ConfigContext.Provider>
  </StrictMode>,
);
