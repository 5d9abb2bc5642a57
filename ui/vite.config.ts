import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";
import { defineConfig } from "vitest/config";

export default defineConfig(({ mode }) => ({
  // Relative asset paths: Tauri serves dist/ from its own custom protocol.
  base: "./",
  plugins: mode === "test" ? [svelte(), svelteTesting()] : [svelte()],
  resolve: {
    // Root-relative ids: Vite resolves "/src/..." from the project root.
    alias: { $lib: "/src/lib", $features: "/src/features" },
  },
  // Tauri expects a fixed port and wants to see Rust errors in the terminal.
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts"],
  },
}));
