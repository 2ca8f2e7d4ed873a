import { defineProject } from "vitest/config";

// UI smoke test in real Chromium against a built dist/ and a stubbed API. Not part of the
// `web` unit project (it needs `vite build` and /usr/bin/chromium): run `pnpm test:smoke`.
export default defineProject({
  test: {
    name: "web-smoke",
    root: new URL(".", import.meta.url).pathname,
    include: ["**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
