import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { newId } from "../ids";
import { InMemoryAuditLogStore } from "../testing";
import { auditRecordOf, listAuditEntries, recordAudit, type AuditedCall } from "./audit";

const call = (over: Partial<AuditedCall> = {}): AuditedCall => ({
  actor: { type: "api_key", keyId: "key_01JD0000000000000000000000", scopes: null },
  action: "session.create",
  target: "ses_01JD0000000000000000000000",
  status: 201,
  errorCode: null,
  requestId: "req-1",
  sourceAddress: "203.0.113.9",
  ...over,
});

describe("audit entries", () => {
  it("stamps the time, an audit id and an expiry after the retention period (90 days by default)", () => {
    const clock = fixedClock("2030-01-01T00:00:00Z");
    const r = auditRecordOf({ clock }, call());
    expect(r).toMatchObject({ at: "2030-01-01T00:00:00.000Z", expiresAt: "2030-04-01T00:00:00.000Z" });
    expect(r.id).toMatch(/^aud_/);
    expect(auditRecordOf({ clock, retentionDays: 7 }, call()).expiresAt).toBe("2030-01-08T00:00:00.000Z");
  });

  it("says ok below 400 and carries the error code otherwise", () => {
    const clock = fixedClock("2030-01-01T00:00:00Z");
    expect(auditRecordOf({ clock }, call({ errorCode: "conflict" })).result).toEqual({
      status: 201,
      outcome: "ok",
      code: null,
    });
    expect(auditRecordOf({ clock }, call({ status: 403, errorCode: "forbidden" })).result).toEqual({
      status: 403,
      outcome: "error",
      code: "forbidden",
    });
  });

  it("lists per tenant, newest first, filtered by actor, action and a time window given in any ISO form", async () => {
    const clock = fixedClock("2030-01-01T00:00:00Z");
    const deps = { audit: new InMemoryAuditLogStore(), clock };
    const tenantId = newId("tenant");
    await recordAudit(deps, tenantId, call());
    clock.advance(60_000);
    await recordAudit(deps, tenantId, call({ action: "api_key.revoke", actor: { type: "admin" } }));
    await recordAudit(deps, newId("tenant"), call());
    const all = await listAuditEntries(deps, tenantId, {}, { limit: 10 });
    expect(all.items.map((e) => e.action)).toEqual(["api_key.revoke", "session.create"]);
    expect((await listAuditEntries(deps, tenantId, { actor: "admin" }, { limit: 10 })).items).toHaveLength(1);
    expect((await listAuditEntries(deps, tenantId, { action: "session.create" }, { limit: 10 })).items).toHaveLength(1);
    const window = await listAuditEntries(deps, tenantId, { to: "2030-01-01T00:00:00Z" }, { limit: 10 });
    expect(window.items.map((e) => e.action)).toEqual(["session.create"]);
  });
});
