import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "emulators",
    include: ["src/**/*.test.ts"],
    // each test starts its own java: allow for JVM start-up on a busy machine
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
