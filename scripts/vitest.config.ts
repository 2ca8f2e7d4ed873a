import { defineProject } from "vitest/config";

// Repo tooling (the package boundary check); no emulators.
export default defineProject({
  test: {
    name: "scripts",
    include: ["**/*.test.ts"],
    // the boundary tests copy and scan the whole source tree
    testTimeout: 60_000,
  },
});
