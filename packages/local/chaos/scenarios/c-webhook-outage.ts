import { DEFAULT_WEBHOOK_RETRY, type WebhookRetryPolicy } from "@wharf/core";
import type { ChaosOptions } from "../args";
import { linkSessions, listAll, newTenant, sleep, startStack, waitFor } from "../kit";
import { outOfOrder, startWebhookReceiver } from "../receiver";
import type { ScenarioReport } from "../report";

const SESSIONS = 2;

/** The production schedule with one hour lasting `hourMs` (SQS delays are whole seconds, ≥ 1). */
export function compressedRetry(hourMs: number): WebhookRetryPolicy {
  const scale = hourMs / 3_600_000;
  const s = (seconds: number) => Math.max(1, Math.round(seconds * scale));
  return {
    baseDelaySeconds: s(DEFAULT_WEBHOOK_RETRY.baseDelaySeconds),
    maxDelaySeconds: s(DEFAULT_WEBHOOK_RETRY.maxDelaySeconds),
    maxAgeSeconds: s(DEFAULT_WEBHOOK_RETRY.maxAgeSeconds),
    lineWaitSeconds: s(DEFAULT_WEBHOOK_RETRY.lineWaitSeconds ?? DEFAULT_WEBHOOK_RETRY.maxAgeSeconds),
    timeoutMs: 2_000,
  };
}

/**
 * c) The tenant's webhook receiver is down for a (time-compressed) 25 h while sessions receive
 * messages. Once it is back every event must arrive — by retry, or by redelivering the
 * dead-lettered ones through the API — in order per session, none twice.
 */
export async function webhookOutage(o: ChaosOptions): Promise<ScenarioReport> {
  const retry = compressedRetry(o.hourMs);
  const outageMs = o.outageHours * o.hourMs;
  const s = await startStack({ workers: 1, webhookRetry: retry });
  const receiver = await startWebhookReceiver();
  try {
    const t = await newTenant(s, "chaos-c");
    const linked = await linkSessions(s, t, SESSIONS);
    const hook = await s.api.call("POST", "/v1/webhooks", {
      key: t.key,
      json: { url: receiver.url, events: ["message.received"], sessionIds: linked.map((l) => l.sessionId) },
    });
    if (hook.status !== 201) throw new Error(`webhook: ${hook.status}`);
    const hookId = hook.body.id as string;

    receiver.setDown(true);
    const downAt = Date.now();
    // messages arrive through the first half of the outage, one session after the other
    const total = o.webhookMessages * SESSIONS;
    for (let i = 0; i < total; i++) {
      const l = linked[i % SESSIONS]!;
      const res = await s.sim.call("POST", `/accounts/${l.phone}/contacts/4915112340002/messages`, { text: `c ${i}` });
      if (res.status !== 202) throw new Error(`contact send: ${res.status}`);
      await sleep(outageMs / 2 / total);
    }
    await sleep(Math.max(0, downAt + outageMs - Date.now()));
    receiver.setDown(false);
    const upAt = Date.now();

    const deliveries = () => listAll(s, t, `/v1/webhooks/${hookId}/deliveries`);
    const finished = (ds: any[]) => ds.length >= total && ds.every((d) => d.status !== "pending");
    const settleMs = (retry.maxDelaySeconds + retry.maxAgeSeconds) * 1000 + 30_000;
    await waitFor("every delivery succeeded or dead", async () => finished(await deliveries()), settleMs, 1_000).catch(
      () => undefined,
    );
    const afterRetry = await deliveries();
    const dead = afterRetry.filter((d) => d.status === "dead");
    const stuckPending = afterRetry.filter((d) => d.status === "pending").length;
    for (const d of dead) await s.api.call("POST", `/v1/webhooks/deliveries/${d.id}/redeliver`, { key: t.key });
    await waitFor(
      "redeliveries succeeded",
      async () => (await deliveries()).every((d) => d.status === "succeeded"),
      60_000,
      1_000,
    ).catch(() => undefined);

    const ok = receiver.attempts.filter((a) => a.status === 200);
    const okPerEvent = new Map<string, number>();
    for (const a of ok) okPerEvent.set(a.eventId, (okPerEvent.get(a.eventId) ?? 0) + 1);
    const events = new Set(afterRetry.map((d) => d.eventId as string));
    const firstOk = ok.filter((a, i) => ok.findIndex((b) => b.eventId === a.eventId) === i);
    return {
      id: "c",
      title: `webhook receiver down ${o.outageHours} simulated h (1 h = ${o.hourMs} ms)`,
      rows: [
        { label: "events (deliveries created)", value: events.size, note: `${total} contact messages sent` },
        { label: "messages without a delivery", value: Math.max(0, total - events.size), mustBeZero: true },
        { label: "attempts answered 503 while down", value: receiver.attempts.filter((a) => a.status === 503).length },
        {
          label: "delivered by retries after the outage",
          value: afterRetry.filter((d) => d.status === "succeeded").length,
        },
        { label: "dead-lettered (retries exhausted), redelivered via API", value: dead.length },
        { label: "deliveries left pending after the retry window", value: stuckPending, mustBeZero: true },
        {
          label: "events never delivered",
          value: [...events].filter((e) => !okPerEvent.has(e)).length,
          mustBeZero: true,
        },
        {
          label: "events delivered twice or more",
          value: [...okPerEvent.values()].filter((n) => n > 1).length,
          mustBeZero: true,
        },
        { label: "deliveries out of order per session", value: outOfOrder(firstOk), mustBeZero: true },
        {
          label: "last success after recovery (ms)",
          value: ok.length ? Math.max(...ok.map((a) => a.at)) - upAt : "none",
        },
      ],
      notes: [
        `retry schedule: base ${retry.baseDelaySeconds} s, cap ${retry.maxDelaySeconds} s, give up after ${retry.maxAgeSeconds} s (production ×${3_600_000 / o.hourMs})`,
      ],
    };
  } finally {
    await receiver.stop();
    await s.stop();
  }
}
