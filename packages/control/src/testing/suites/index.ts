import { beforeAll } from "vitest";
import type { AppDeps } from "../../env";
import { createHarness, type Harness } from "../harness";
import { apiKeyRoutesSuite } from "./api-keys";
import { sessionRoutesSuite } from "./sessions";
import { tenantRoutesSuite } from "./tenants";
import { transportSuite } from "./transport";

/**
 * Every route's behaviour, written once and run twice: over the in-memory fakes (fast unit
 * run) and over the DynamoDB stores on DynamoDB Local (integration run).
 */
export function describeApi(makeRepos: () => Promise<AppDeps["repos"]> | AppDeps["repos"]): void {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = createHarness(await makeRepos());
  });
  const h = () => {
    if (!harness) throw new Error("harness not ready");
    return harness;
  };
  transportSuite(h);
  tenantRoutesSuite(h);
  apiKeyRoutesSuite(h);
  sessionRoutesSuite(h);
}
