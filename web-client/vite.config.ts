/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { viteStaticCopy } from "vite-plugin-static-copy";
import { LivePlayerAssetsPath, LivePlayerAssetsSource } from "./src/media/twilio/live-player-assets.ts";

// The server (src/LiveGrpc.Server) serves dist/ on its web port; `npm run dev` proxies the
// backend (gRPC-Web and the hub) to a server running with the default ports.
const backend = process.env.LIVEGRPC_WEB_URL ?? "http://127.0.0.1:5000";

export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    target: "es2022",
  },
  define: {
    // @twilio/live-player-sdk's CommonJS build reads Node's `global` (error.js: `global.window || global`).
    global: "globalThis",
  },
  plugins: [
    // Twilio Live's player loads its WebAssembly worker at run time from a URL we give it: ship
    // the installed package's files (never a copy kept in git) at that URL, in builds and in dev.
    viteStaticCopy({
      targets: [{ src: `${LivePlayerAssetsSource}/twilio-live-player-wasmworker-*`, dest: LivePlayerAssetsPath.replace(/^\//, ""), rename: { stripBase: true } }],
    }),
  ],
  server: {
    proxy: {
      "/livegrpc.v1.": { target: backend },
      "/hubs/": { target: backend, ws: true },
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
