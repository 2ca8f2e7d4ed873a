import type { WebhookPayload } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { newId } from "../ids";
import type { SendOptions } from "../queues/ports";
import { InMemoryTenantEventStore } from "../testing/in-memory-event-log";
import { InMemoryWebhookStore } from "../testing/in-memory-webhooks";
import { DEFAULT_WEBHOOK_RETRY, pausedWaitSeconds, retryWindowStart } from "./backoff";
import { deliverWebhook, type DeliverDeps } from "./deliver";
import { dispatchWebhooks } from "./dispatch";
import { createWebhook, redeliver, type WebhookDeps } from "./endpoints";
import { deliveryLine, jobSendOptions } from "./job-order";
import type { WebhookJob } from "./ports";

/** Lines of deliveries (one per endpoint and session) and their retry windows, over the in-memory fakes. */
function setup() {
  const clock = fixedClock("2030-01-01T00:00:00.000Z");
  const webhooks = new InMemoryWebhookStore();
  const sent: Array<{ body: WebhookJob; opts: SendOptions }> = [];
  const posts: string[] = [];
  let answer = 503;
  const secrets = { seal: (p: string) => p, open: (s: string) => s };
  const guard = { check: async () => undefined };
  const queue = {
    send: async (body: WebhookJob, opts: SendOptions = {}) => void sent.push({ body, opts }),
    sendBatch: async (b: Array<{ body: WebhookJob; opts?: SendOptions }>) =>
      void sent.push(...b.map((x) => ({ body: x.body, opts: x.opts ?? {} }))),
  };
  const deps: WebhookDeps = { webhooks, secrets, guard, queue, clock };
  const deliver: DeliverDeps = {
    webhooks,
    secrets,
    guard,
    clock,
    eventLog: new InMemoryTenantEventStore(),
    policy: DEFAULT_WEBHOOK_RETRY,
    random: () => 0.5,
    transport: {
      async post(_url, body) {
        posts.push(JSON.parse(body).id);
        return answer < 300 ? { ok: true, status: answer } : { ok: false, status: answer, error: `HTTP ${answer}` };
      },
    },
  };
  const tenantId = newId("tenant");
  const payload = (sessionId: string | null): WebhookPayload => ({
    id: newId("event", clock.now().getTime()),
    type: "message.received",
    createdAt: clock.now().toISOString(),
    tenantId,
    sessionId,
    data: {},
  });
  return { clock, webhooks, sent, posts, deps, deliver, tenantId, payload, setAnswer: (s: number) => (answer = s) };
}

const HOUR = 3_600_000;

describe("webhook delivery lines", () => {
  it("puts each endpoint's deliveries for one session in one FIFO group, sessionless events in the endpoint's own", () => {
    const d = { id: "dlv_1", webhookId: "whk_1", sessionId: "ses_1", retryFrom: "2030-01-01T00:00:00.000Z" };
    expect(deliveryLine(d)).toBe("whk_1.ses_1");
    expect(deliveryLine({ ...d, sessionId: null })).toBe("whk_1.tenant");
    expect(deliveryLine({ ...d, webhookId: "whk_2" })).not.toBe(deliveryLine(d));
    // a redelivery (retryFrom moves) is a new message, a repeated dispatch is not
    expect(jobSendOptions(d)).toEqual(jobSendOptions({ ...d }));
    expect(jobSendOptions({ ...d, retryFrom: "2030-01-02T00:00:00.000Z" }).deduplicationId).not.toBe(
      jobSendOptions(d).deduplicationId,
    );
  });

  it("dispatches each job into its line, and a repeated event re-enqueues only deliveries never attempted", async () => {
    const t = setup();
    const { record } = await createWebhook(t.deps, t.tenantId, {
      url: "https://a.example/hook",
      events: ["message.received"],
    });
    const first = t.payload("ses_a");
    const second = t.payload("ses_b");
    await dispatchWebhooks(t.deps, first, t.clock.now());
    await dispatchWebhooks(t.deps, second, t.clock.now());
    expect(t.sent.map((s) => s.opts.groupId)).toEqual([`${record.id}.ses_a`, `${record.id}.ses_b`]);

    // the first dispatch may have stored the delivery but failed to enqueue: a retry sends it again
    await dispatchWebhooks(t.deps, first, t.clock.now());
    expect(t.sent).toHaveLength(3);
    expect(t.sent[2]).toEqual(t.sent[0]);
    // once attempted, the delivery has a job of its own: nothing more
    await deliverWebhook(t.deliver, t.sent[0]!.body);
    await dispatchWebhooks(t.deps, first, t.clock.now());
    expect(t.sent).toHaveLength(3);
  });

  it("starts a delivery's retry window at its first attempt, not when it joined its line", async () => {
    const t = setup();
    await createWebhook(t.deps, t.tenantId, { url: "https://a.example/hook", events: ["message.received"] });
    await dispatchWebhooks(t.deps, t.payload("ses_a"), t.clock.now());
    const job = t.sent[0]!.body;
    // it waited 20 h behind an earlier delivery of its line, then fails for 24 h more: still retried
    t.clock.advance(20 * HOUR);
    expect((await deliverWebhook(t.deliver, job)).kind).toBe("retry");
    t.clock.advance(24 * HOUR);
    expect((await deliverWebhook(t.deliver, job)).kind).toBe("retry");
    t.clock.advance(1.5 * HOUR);
    expect((await deliverWebhook(t.deliver, job)).kind).toBe("dead");
  });

  it("starts the window anyway after lineWaitSeconds in line, so a line behind a dead endpoint drains", () => {
    const joined = "2030-01-01T00:00:00.000Z";
    const policy = { ...DEFAULT_WEBHOOK_RETRY, lineWaitSeconds: 3600 };
    expect(retryWindowStart(joined, new Date(Date.parse(joined) + 600_000), policy)).toBe("2030-01-01T00:10:00.000Z");
    expect(retryWindowStart(joined, new Date(Date.parse(joined) + 5 * HOUR), policy)).toBe("2030-01-01T01:00:00.000Z");
  });

  it("lets a job sent again with notBefore wait out its backoff without an attempt", async () => {
    const t = setup();
    await createWebhook(t.deps, t.tenantId, { url: "https://a.example/hook", events: ["message.received"] });
    await dispatchWebhooks(t.deps, t.payload("ses_a"), t.clock.now());
    const job = { ...t.sent[0]!.body, notBefore: new Date(t.clock.now().getTime() + 90_000).toISOString() };
    expect(await deliverWebhook(t.deliver, job)).toEqual({ kind: "retry", retryInSeconds: 90 });
    expect(t.posts).toEqual([]);
    t.clock.advance(90_000);
    t.setAnswer(200);
    expect((await deliverWebhook(t.deliver, job)).kind).toBe("delivered");
  });

  it("redelivers a dead delivery as a new job at the end of its line", async () => {
    const t = setup();
    await createWebhook(t.deps, t.tenantId, { url: "https://a.example/hook", events: ["message.received"] });
    await dispatchWebhooks(t.deps, t.payload("ses_a"), t.clock.now());
    const job = t.sent[0]!.body;
    expect((await deliverWebhook(t.deliver, job)).kind).toBe("retry");
    t.clock.advance(26 * HOUR);
    expect((await deliverWebhook(t.deliver, job)).kind).toBe("dead");
    await redeliver(t.deps, t.tenantId, job.deliveryId);
    expect(t.sent).toHaveLength(2);
    expect(t.sent[1]!.opts.groupId).toBe(t.sent[0]!.opts.groupId);
    expect(t.sent[1]!.opts.deduplicationId).not.toBe(t.sent[0]!.opts.deduplicationId);
  });

  it("looks again at a paused endpoint after as long as the delivery has waited, within base and cap", () => {
    const from = "2030-01-01T00:00:00.000Z";
    const at = (s: number) => new Date(Date.parse(from) + s * 1000);
    expect(pausedWaitSeconds(from, at(5), DEFAULT_WEBHOOK_RETRY)).toBe(30);
    expect(pausedWaitSeconds(from, at(600), DEFAULT_WEBHOOK_RETRY)).toBe(600);
    expect(pausedWaitSeconds(from, at(20 * 3600), DEFAULT_WEBHOOK_RETRY)).toBe(6 * 3600);
  });
});
