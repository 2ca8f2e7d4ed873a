import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "local",
    include: ["src/**/*.test.ts", "chaos/**/*.test.ts"],
    // one in-memory DynamoDB Local + fauxqs for the whole project run (inject("wharfStack"))
    globalSetup: [fileURLToPath(new URL("../aws/src/testing/global-setup.ts", import.meta.url))],
    // runtime tests start their own java + server: allow for JVM start-up
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
