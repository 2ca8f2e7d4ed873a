import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { auditRecordOf, fixedClock, newId, type AuditedCall } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { keys } from "../dynamo/keys";
import { useTestStack } from "../testing/index";
import { createAuditLogStore } from "./audit-log-store";
import { apiKeyRecord } from "@wharf/core/testing";
import { createApiKeyStore } from "./api-key-store";
import { expectCursorRejected } from "./test-fixtures";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const audit = createAuditLogStore(ctx);

const call = (over: Partial<AuditedCall> = {}): AuditedCall => ({
  actor: { type: "api_key", keyId: "key_01JD0000000000000000000000", scopes: ["sessions:write"] },
  action: "session.create",
  target: "ses_01JD0000000000000000000000",
  status: 201,
  errorCode: null,
  requestId: "req-1",
  sourceAddress: "203.0.113.9",
  ...over,
});

describe("DynamoDB audit log store", () => {
  it("stores an entry in the tenant's audit partition with the retention as TTL", async () => {
    const tenantId = newId("tenant");
    const record = auditRecordOf({ clock: fixedClock("2030-01-01T00:00:00Z"), retentionDays: 30 }, call());
    await audit.append(tenantId, record);
    const { expiresAt, ...entry } = record;
    expect((await audit.list(tenantId, {}, { limit: 10 })).items).toEqual([entry]);
    const item = await stack.doc.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.auditEntry(tenantId, record.at, record.id) }),
    );
    expect(item.Item?.expiresAt).toBe(Date.parse(expiresAt) / 1000);
    expect(Date.parse(expiresAt) - Date.parse(record.at)).toBe(30 * 86_400_000);
    expect((await audit.list(newId("tenant"), {}, { limit: 10 })).items).toEqual([]);
  });

  it("lists newest first, filters by actor, action and time window, and pages through filtered results", async () => {
    const tenantId = newId("tenant");
    const clock = fixedClock("2030-01-01T00:00:00Z");
    const made = [];
    for (let i = 0; i < 6; i++) {
      const admin = i % 2 === 1;
      const r = auditRecordOf({ clock }, call(admin ? { actor: { type: "admin" }, action: "tenant.update" } : {}));
      await audit.append(tenantId, r);
      made.push(r);
      clock.advance(60_000);
    }
    const ids = (p: Promise<{ items: Array<{ id: string }> }>) => p.then((r) => r.items.map((e) => e.id));
    expect(await ids(audit.list(tenantId, {}, { limit: 10 }))).toEqual(made.map((r) => r.id).reverse());
    const admins = made
      .filter((_, i) => i % 2 === 1)
      .map((r) => r.id)
      .reverse();
    expect(await ids(audit.list(tenantId, { actor: "admin" }, { limit: 10 }))).toEqual(admins);
    expect(await ids(audit.list(tenantId, { action: "tenant.update" }, { limit: 10 }))).toEqual(admins);
    const window = { from: made[1]!.at, to: made[3]!.at };
    expect(await ids(audit.list(tenantId, window, { limit: 10 }))).toEqual([made[3]!.id, made[2]!.id, made[1]!.id]);
    // pages of a filtered list: follow the cursor to the end
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await audit.list(tenantId, { actor: "admin" }, { limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((e) => e.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(admins);
  });

  it("refuses a cursor from another tenant or from outside the time window", async () => {
    const tenantId = newId("tenant");
    const clock = fixedClock("2030-01-01T00:00:00Z");
    for (let i = 0; i < 3; i++) {
      await audit.append(tenantId, auditRecordOf({ clock }, call()));
      clock.advance(60_000);
    }
    const first = await audit.list(tenantId, {}, { limit: 1 });
    await expectCursorRejected(audit.list(newId("tenant"), {}, { limit: 1, cursor: first.nextCursor ?? "" }));
    await expectCursorRejected(
      audit.list(tenantId, { to: "2030-01-01T00:00:00.000Z" }, { limit: 1, cursor: first.nextCursor ?? "" }),
    );
  });
});

describe("DynamoDB API key store with scopes", () => {
  const apiKeys = createApiKeyStore(ctx, { touchIntervalMs: 0 });

  it("round-trips scopes and a session limit, and reads rows without them as full access", async () => {
    const tenantId = newId("tenant");
    const scoped = apiKeyRecord(tenantId, {
      scopes: ["sessions:read", "messages:send"],
      sessionIds: [newId("session")],
    });
    await apiKeys.create(scoped);
    expect(await apiKeys.findByHash(scoped.hash)).toEqual(scoped);
    expect(await apiKeys.get(tenantId, scoped.id)).toEqual(scoped);
    const legacy = apiKeyRecord(tenantId);
    await apiKeys.create(legacy);
    const row = await stack.doc.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.apiKey(tenantId, legacy.id) }),
    );
    expect(row.Item).not.toHaveProperty("scopes");
    expect(await apiKeys.findByHash(legacy.hash)).toMatchObject({ scopes: null, sessionIds: null });
  });
});
