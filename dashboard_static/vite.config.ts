import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `make run` serves dist/ from the local gateway at `/`; the CDK stack deploys the same folder to S3.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, target: "es2022" },
  server: { proxy: { "/v1": "http://127.0.0.1:8080", "/auth": "http://127.0.0.1:8080", "/sdk": "http://127.0.0.1:8080", "/config.json": "http://127.0.0.1:8080" } },
});
