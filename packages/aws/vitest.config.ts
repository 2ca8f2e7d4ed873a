import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "aws",
    include: ["src/**/*.test.ts"],
    // one in-memory DynamoDB Local + fauxqs for the whole project run (inject("wharfStack"))
    globalSetup: [fileURLToPath(new URL("./src/testing/global-setup.ts", import.meta.url))],
    // the first requests to a fresh DynamoDB Local are slow while the JVM warms up
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
