import { createInMemoryStores } from "@wharf/core/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { newTenant } from "./testing/expectations";
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

describe("a failed audit write", () => {
  it("never fails the request: the entry is logged in full with its request id and counted", async () => {
    const stores = createInMemoryStores();
    const h = createHarness(stores);
    const tenant = await newTenant(h, "audit-down");
    const counted: Array<{ name: string; properties: unknown }> = [];
    h.deps.metrics = { put: (m, _d, properties) => counted.push(...m.map((x) => ({ name: x.name, properties }))) };
    stores.audit.failAppends = new Error("table unavailable");

    const res = await h.call("POST", "/v1/sessions", { key: tenant.key, json: { name: "still works" } });
    expect(res.status).toBe(201);
    const requestId = res.headers.get("x-request-id");
    const line = h
      .logLines()
      .map((l) => JSON.parse(l))
      .find((l) => l.msg?.startsWith("audit write failed"));
    expect(line).toMatchObject({
      level: 50,
      requestId,
      audit: { action: "session.create", target: res.body.id, requestId },
    });
    expect(counted).toEqual([{ name: "AuditWriteFailures", properties: { requestId } }]);
  });
});
