import { defineProject } from "vitest/config";

// Chromium tests against a built dist/ (they need `vite build` and /usr/bin/chromium, so they
// are not part of the `web` unit project): the UI smoke test with a stubbed API, and the
// end-to-end tests against the real local runtime. `pnpm test:e2e` runs them all (after a build).
export default defineProject({
  test: {
    name: "web-e2e",
    root: new URL(".", import.meta.url).pathname,
    include: ["**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    // Room for Chromium's launch retries (e2e/chromium.ts: up to 3 × 60 s) beside the runtime's start.
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
