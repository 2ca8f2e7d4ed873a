import react from "@vitejs/plugin-react";
import { defineProject } from "vitest/config";

// Component and client tests in happy-dom (jsdom 31 needs Node 22). The Chromium UI smoke
// test has its own config (e2e/vitest.config.ts) because it needs a build and a browser.
export default defineProject({
  plugins: [react()],
  test: {
    name: "web",
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    testTimeout: 10_000,
  },
});
