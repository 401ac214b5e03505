import { createContext, useContext } from "react";
import type { AppConfig } from "../auth/config";

export const ConfigContext = createContext<AppConfig>({ auth: { mode: "password" } });

export function useConfig(): AppConfig {
  return useContext(ConfigContext);
}
