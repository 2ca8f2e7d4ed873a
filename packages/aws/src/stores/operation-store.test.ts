import { newId } from "@wharf/core";
import type { OperationRecord } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { useTestStack } from "../testing/index";
import { createOperationStore } from "./operation-store";

const stack = useTestStack();
const store = createOperationStore({ doc: stack.doc, tableName: stack.tableName });
const AT = "2030-01-01T12:00:00.000Z";

function pending(): OperationRecord {
  return {
    tenantId: newId("tenant"),
    sessionId: newId("session"),
    id: newId("operation"),
    op: "contacts.blocklist",
    status: "pending",
    result: null,
    failure: null,
    createdAt: AT,
    settledAt: null,
    deadlineAt: "2030-01-01T12:01:00.000Z",
    expiresAt: "2030-01-01T13:00:00.000Z",
  };
}

describe("operation records on DynamoDB", () => {
  it("settles once: the first answer wins, a later one changes nothing", async () => {
    const r = pending();
    await store.create(r);
    const first = {
      status: "succeeded" as const,
      result: { jids: ["1@s.whatsapp.net"] },
      failure: null,
      settledAt: AT,
    };
    expect(await store.settle(r.tenantId, r.sessionId, r.id, first)).toBe(true);
    const late = {
      status: "failed" as const,
      result: null,
      failure: { code: "operation_timeout", message: "x" },
      settledAt: AT,
    };
    expect(await store.settle(r.tenantId, r.sessionId, r.id, late)).toBe(false);
    expect(await store.get(r.tenantId, r.sessionId, r.id)).toEqual({ ...r, ...first });
  });

  it("wakes a waiter when the record settles, and gives the pending record back when the wait runs out", async () => {
    const r = pending();
    await store.create(r);
    expect((await store.waitSettled(r.tenantId, r.sessionId, r.id, 100))?.status).toBe("pending");
    const waiting = store.waitSettled(r.tenantId, r.sessionId, r.id, 5_000);
    const failure = { code: "not_on_whatsapp", message: "no account" };
    await store.settle(r.tenantId, r.sessionId, r.id, { status: "failed", result: null, failure, settledAt: AT });
    expect(await waiting).toMatchObject({ status: "failed", failure });
  });

  it("knows nothing of another tenant's operation", async () => {
    const r = pending();
    await store.create(r);
    expect(await store.get(newId("tenant"), r.sessionId, r.id)).toBeNull();
    expect(await store.waitSettled(newId("tenant"), r.sessionId, r.id, 50)).toBeNull();
  });
});
