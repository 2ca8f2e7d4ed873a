import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The dashboard builds to static files in dist/. The local runtime serves them at `/` of the
 * API port, so asset URLs are relative to the site root; the SST StaticSite sets VITE_API_URL
 * and VITE_WS_URL at build time. In `vite dev`, /v1 is proxied to a running local API.
 */
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, target: "es2022" },
  server: {
    port: 5173,
    proxy: { "/v1": { target: process.env.WHARF_API_PROXY ?? "http://127.0.0.1:4000", changeOrigin: true, ws: true } },
  },
});
