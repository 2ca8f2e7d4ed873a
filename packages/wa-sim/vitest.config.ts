import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "wa-sim",
    include: ["src/**/*.test.ts"],
    setupFiles: ["./src/test-setup.ts"],
    // Real Baileys sockets link, reconnect and time out against the simulator: seconds, not ms.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
