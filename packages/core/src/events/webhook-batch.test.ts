import type { WebhookPayload } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { newId } from "../ids";
import type { SendOptions } from "../queues/ports";
import { InMemoryWebhookStore } from "../testing/in-memory-webhooks";
import { createWebhook } from "../webhooks/endpoints";
import type { WebhookJob } from "../webhooks/ports";
import { batchedDispatch } from "./webhook-batch";

type Job = { body: WebhookJob; opts?: SendOptions };

/** An events batch's webhook dispatch over the in-memory store and a queue that can refuse its n-th send. */
async function setup(failSend: number | null = null) {
  const clock = fixedClock("2030-01-01T00:00:00.000Z");
  const webhooks = new InMemoryWebhookStore();
  const sends: Job[][] = [];
  let attempts = 0;
  const queue = {
    send: async () => undefined,
    sendBatch: async (jobs: Job[]) => {
      if (++attempts === failSend) throw new Error("SQS unavailable");
      sends.push(jobs);
    },
  };
  const tenantId = newId("tenant");
  const deps = { webhooks, secrets: { seal: (p: string) => p, open: (s: string) => s }, queue, clock };
  const guard = { check: async () => undefined };
  await createWebhook({ ...deps, guard }, tenantId, { url: "https://a.example/hook", events: ["message.received"] });
  const payload = (sessionId: string): WebhookPayload => ({
    id: newId("event", clock.now().getTime()),
    type: "message.received",
    createdAt: clock.now().toISOString(),
    tenantId,
    sessionId,
    data: {},
  });
  return { clock, webhooks, sends, payload, batch: () => batchedDispatch<string>({ webhooks, queue }) };
}

describe("webhook dispatch for an events batch", () => {
  it("sends the jobs of a batch in one SendMessageBatch, in the order the events came", async () => {
    const t = await setup();
    const batch = t.batch();
    const payloads = [t.payload("ses_a"), t.payload("ses_b"), t.payload("ses_a")];
    for (const [i, p] of payloads.entries()) await batch.dispatchFor(`r${i}`)(p);
    expect(t.sends).toEqual([]); // nothing goes out before the flush
    const res = await batch.flush(t.clock.now());
    expect(res.failed.size).toBe(0);
    expect(t.sends).toHaveLength(1);
    const stored = await Promise.all(
      t.sends[0]!.map((j) => t.webhooks.getDelivery(j.body.tenantId, j.body.deliveryId)),
    );
    expect(stored.map((d) => d?.eventId)).toEqual(payloads.map((p) => p.id));
  });

  it("stops at a failed send: its events and every later one are answered failed, nothing behind it goes out", async () => {
    const t = await setup(2);
    const batch = t.batch();
    for (let i = 0; i < 25; i++) await batch.dispatchFor(`r${i}`)(t.payload("ses_a"));
    const res = await batch.flush(t.clock.now());
    expect(t.sends.map((s) => s.length)).toEqual([10]);
    expect([...res.failed]).toEqual(Array.from({ length: 15 }, (_, i) => `r${10 + i}`));
    expect(res.error).toBeInstanceOf(Error);
  });

  it("a retried event gets the jobs of deliveries stored but never attempted, and no new delivery", async () => {
    const t = await setup(1);
    const p = t.payload("ses_a");
    const first = t.batch();
    await first.dispatchFor("r0")(p);
    expect([...(await first.flush(t.clock.now())).failed]).toEqual(["r0"]);
    const again = t.batch();
    await again.dispatchFor("r0")(p);
    expect((await again.flush(t.clock.now())).failed.size).toBe(0);
    expect(t.sends.flat()).toHaveLength(1);
  });
});
