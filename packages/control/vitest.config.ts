import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "control",
    include: ["src/**/*.test.ts"],
    // one in-memory DynamoDB Local + fauxqs for the project run; *.integration.test.ts use it
    globalSetup: [fileURLToPath(new URL("../aws/src/testing/global-setup.ts", import.meta.url))],
    // the first requests to a fresh DynamoDB Local are slow while the JVM warms up
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
