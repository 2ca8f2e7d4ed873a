import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "fleet",
    include: ["src/**/*.test.ts"],
    // one in-memory DynamoDB Local + fauxqs for the whole project run (inject("wharfStack"))
    globalSetup: [fileURLToPath(new URL("../aws/src/testing/global-setup.ts", import.meta.url))],
    setupFiles: ["./src/testing/test-setup.ts"],
    // real Baileys sockets link, reconnect and fail over against the simulator: seconds, not ms
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
