import { createInMemoryStores } from "@wharf/core/testing";
import { beforeAll, describe } from "vitest";
import { createHarness, type Harness } from "./testing/harness";
import { auditSuite } from "./testing/suites/audit";
import { scopeSuite } from "./testing/suites/scopes";

/** Scoped keys and the audit log over the in-memory stores (the same suites run on DynamoDB Local). */
describe("scopes and audit over the in-memory stores", () => {
  let harness: Harness;
  beforeAll(() => {
    harness = createHarness(createInMemoryStores());
  });
  scopeSuite(() => harness);
  auditSuite(() => harness);
});
