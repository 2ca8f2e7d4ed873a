import { newId, type WebhookDeliveryRecord } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { countSdkCalls, useTestStack } from "../testing/index";
import { createWebhookStore } from "./webhook-store";

const stack = useTestStack();
const store = createWebhookStore({ doc: stack.doc, tableName: stack.tableName });

function delivery(tenantId: string, webhookId: string): WebhookDeliveryRecord {
  const at = "2030-01-01T00:00:00.000Z";
  return {
    id: newId("delivery"),
    tenantId,
    webhookId,
    eventId: newId("event"),
    eventType: "message.received",
    sessionId: newId("session"),
    status: "pending",
    attempts: 0,
    responseStatus: null,
    error: null,
    payload: '{"id":"evt"}',
    createdAt: at,
    retryFrom: at,
    lastAttemptAt: null,
    nextAttemptAt: at,
  };
}

describe("webhook store: deliveries of an events batch", () => {
  it("creates new deliveries in one transaction", async () => {
    const tenantId = newId("tenant");
    const batch = Array.from({ length: 5 }, () => delivery(tenantId, newId("webhook")));
    const counter = countSdkCalls([stack.dynamo]);
    expect(await store.createDeliveries(batch)).toEqual([true, true, true, true, true]);
    expect(counter.take()).toEqual({ TransactWriteItems: 1 });
    expect(await store.getDelivery(tenantId, batch[3]!.id)).toEqual(batch[3]);
  });

  it("answers false for deliveries stored already, leaves them unchanged and creates the others", async () => {
    const tenantId = newId("tenant");
    const stored = { ...delivery(tenantId, newId("webhook")), status: "succeeded" as const, attempts: 1 };
    await store.createDelivery(stored);
    const fresh = [delivery(tenantId, newId("webhook")), delivery(tenantId, newId("webhook"))];
    const res = await store.createDeliveries([fresh[0]!, { ...stored, status: "pending", attempts: 0 }, fresh[1]!]);
    expect(res).toEqual([true, false, true]);
    expect(await store.getDelivery(tenantId, stored.id)).toEqual(stored);
    expect(await store.getDelivery(tenantId, fresh[1]!.id)).toEqual(fresh[1]);
  });

  it("splits a large batch into transactions DynamoDB accepts (25 deliveries, well under 4 MB each)", async () => {
    const tenantId = newId("tenant");
    const many = Array.from({ length: 30 }, () => delivery(tenantId, newId("webhook")));
    const big = Array.from({ length: 3 }, () => ({
      ...delivery(tenantId, newId("webhook")),
      payload: "x".repeat(350_000),
    }));
    const counter = countSdkCalls([stack.dynamo]);
    expect(await store.createDeliveries([...many, ...big])).toEqual([...many, ...big].map(() => true));
    // 25 small; 5 small + 2 large up to the size bound; the last large one alone (a PutItem)
    expect(counter.take()).toEqual({ TransactWriteItems: 2, PutItem: 1 });
  });
});
