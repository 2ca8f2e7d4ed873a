import { defineConfig } from "vitest/config";

// Every package owns its vitest config; the root only lists the projects.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "infra/vitest.config.ts", "scripts/vitest.config.ts"],
  },
});
