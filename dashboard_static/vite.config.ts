import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `make run` serves dist/ from the local gateway at `/`; the CDK stack deploys the same folder to S3.
// `npx vite` (hot reload) proxies what the gateway serves besides the app to a running `make run`.
const gateway = "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, target: "es2022" },
  server: {
    proxy: Object.fromEntries(["/v1", "/auth/signin", "/sdk", "/embed", "/config.json"].map((path) => [path, gateway])),
  },
});
