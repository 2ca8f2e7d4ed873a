import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { newId, type WebhookEndpointRecord } from "@wharf/core";
import { useTestStack } from "../testing/index";
import { describe, expect, it } from "vitest";
import { createTenantEventStore } from "./event-log-store";
import { ENTITY, keys } from "../dynamo/keys";
import { createWebhookStore } from "./webhook-store";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };

function endpoint(tenantId: string): WebhookEndpointRecord {
  return {
    id: newId("webhook"),
    tenantId,
    url: "https://93.184.216.34/hooks",
    events: ["message.received"],
    sessionIds: null,
    description: null,
    secretSealed: "sealed-1",
    secretPrefix: "whsec_aaaaaa",
    paused: false,
    headers: {},
    previousSecretSealed: null,
    previousSecretPrefix: null,
    previousSecretExpiresAt: null,
    createdAt: "2030-01-01T00:00:00.000Z",
    updatedAt: "2030-01-01T00:00:00.000Z",
  };
}

describe("webhook store: endpoint edits", () => {
  const store = createWebhookStore(ctx);

  it("patches only the given attributes and answers null for a missing endpoint", async () => {
    const e = endpoint(newId("tenant"));
    await store.createEndpoint(e);
    const updated = await store.updateEndpoint(e.tenantId, e.id, {
      paused: true,
      headers: { Authorization: "Bearer x" },
      previousSecretSealed: "sealed-1",
      previousSecretPrefix: "whsec_aaaaaa",
      previousSecretExpiresAt: "2030-01-02T00:00:00.000Z",
      secretSealed: "sealed-2",
      updatedAt: "2030-01-01T00:00:05.000Z",
    });
    expect(updated).toEqual({
      ...e,
      paused: true,
      headers: { Authorization: "Bearer x" },
      previousSecretSealed: "sealed-1",
      previousSecretPrefix: "whsec_aaaaaa",
      previousSecretExpiresAt: "2030-01-02T00:00:00.000Z",
      secretSealed: "sealed-2",
      updatedAt: "2030-01-01T00:00:05.000Z",
    });
    expect(await store.getEndpoint(e.tenantId, e.id)).toEqual(updated);
    expect(
      await store.updateEndpoint(newId("tenant"), e.id, { paused: true, updatedAt: "2030-01-01T00:00:06.000Z" }),
    ).toBeNull();
  });

  it("reads endpoints stored before editing existed as active, without headers or a previous secret", async () => {
    const e = endpoint(newId("tenant"));
    const {
      paused: _p,
      headers: _h,
      previousSecretSealed: _a,
      previousSecretPrefix: _b,
      previousSecretExpiresAt: _c,
      updatedAt: _u,
      ...legacy
    } = e;
    await stack.doc.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: { ...keys.webhook(e.tenantId, e.id), entity: ENTITY.webhook, ...legacy },
      }),
    );
    expect(await store.getEndpoint(e.tenantId, e.id)).toEqual(e);
  });
});

describe("tenant event log store", () => {
  const store = createTenantEventStore(ctx);

  it("stores an entry once per id and time, with a 30-day TTL, in the tenant's partition", async () => {
    const tenantId = newId("tenant");
    const sessionId = newId("session");
    const entry = {
      id: newId("event"),
      type: "session.status" as const,
      sessionId: sessionId as never,
      at: "2030-01-01T03:00:00.000Z",
      data: { status: "open" as const, lastDisconnect: null },
    };
    await store.append(tenantId, entry);
    await store.append(tenantId, entry);
    const page = await store.list(tenantId, {}, { limit: 10 });
    expect(page).toEqual({ items: [entry], nextCursor: null });
    const item = (
      await stack.doc.send(
        new GetCommand({ TableName: stack.tableName, Key: keys.eventLogEntry(tenantId, entry.at, entry.id) }),
      )
    ).Item;
    expect(item?.expiresAt).toBe(Date.parse(entry.at) / 1000 + 30 * 86_400);
    expect(item?.pk).toContain(tenantId);
    expect((await store.list(newId("tenant"), {}, { limit: 10 })).items).toEqual([]);
  });

  it("pages a sparse type filter to the end even when whole reads are filtered out", async () => {
    const tenantId = newId("tenant");
    for (let i = 0; i < 30; i++) {
      const at = new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString();
      const failed = i === 0 || i === 29;
      await store.append(
        tenantId,
        failed
          ? {
              id: `evt_${i}`,
              type: "session.unstable",
              sessionId: null,
              at,
              data: { reconnectsLast5m: 4, lastDisconnect: null },
            }
          : {
              id: `evt_${i}`,
              type: "session.status",
              sessionId: null,
              at,
              data: { status: "open", lastDisconnect: null },
            },
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 30; i++) {
      const page = await store.list(
        tenantId,
        { type: "session.unstable" },
        { limit: 1, ...(cursor ? { cursor } : {}) },
      );
      seen.push(...page.items.map((e) => e.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(["evt_29", "evt_0"]);
  });
});
