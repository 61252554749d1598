/// <reference types="vitest/config" />
import { defineConfig } from "vite";

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
