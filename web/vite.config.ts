/**
 * Builds the viewer (web/) into web/dist/, which `kg serve` serves statically. `vite` (dev)
 * proxies the API to a running `kg serve` (KG_API, default http://127.0.0.1:3000).
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const api = process.env.KG_API ?? "http://127.0.0.1:3000";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  // Relative asset URLs: the app works wherever the server mounts it.
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The server's CSP allows scripts from 'self' only: no inline module-preload polyfill.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: { "/api": api, "/healthz": api } },
  clearScreen: false,
});
