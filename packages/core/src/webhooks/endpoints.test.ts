import type { WebhookPayload } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { ValidationError, isWharfError } from "../errors";
import { newId } from "../ids";
import { InMemoryTenantEventStore } from "../testing/in-memory-event-log";
import { InMemoryWebhookStore } from "../testing/in-memory-webhooks";
import { DEFAULT_WEBHOOK_RETRY } from "./backoff";
import { deliverWebhook, type DeliverDeps } from "./deliver";
import { dispatchWebhooks } from "./dispatch";
import {
  createWebhook,
  rotateWebhookSecret,
  signingSecrets,
  testWebhook,
  updateWebhook,
  type WebhookDeps,
} from "./endpoints";
import type { WebhookJob } from "./ports";
import { verifySignature } from "./signature";

/** Endpoint edits, pausing, custom headers and secret rotation over the in-memory fakes. */
function setup() {
  const clock = fixedClock("2030-01-01T00:00:00.000Z");
  const webhooks = new InMemoryWebhookStore();
  const eventLog = new InMemoryTenantEventStore();
  const jobs: WebhookJob[] = [];
  const posts: Array<{ url: string; body: string; headers: Record<string, string> }> = [];
  let answer = 200;
  const secrets = {
    seal: (p: string) => `sealed:${Buffer.from(p).toString("base64")}`,
    open: (s: string) => Buffer.from(s.slice(7), "base64").toString(),
  };
  const guard = {
    async check(url: string, field: string) {
      if (url.includes("127.0.0.1"))
        throw new ValidationError("private target", [{ path: field, message: "private", code: "private_address" }]);
    },
  };
  const queue = {
    send: async (j: WebhookJob) => void jobs.push(j),
    sendBatch: async (b: Array<{ body: WebhookJob }>) => void jobs.push(...b.map((x) => x.body)),
  };
  const deps: WebhookDeps = { webhooks, secrets, guard, queue, clock };
  const deliver: DeliverDeps = {
    webhooks,
    secrets,
    guard,
    clock,
    eventLog,
    policy: DEFAULT_WEBHOOK_RETRY,
    random: () => 0.5,
    transport: {
      async post(url, body, headers) {
        posts.push({ url, body, headers });
        return answer < 300 ? { ok: true, status: answer } : { ok: false, status: answer, error: `HTTP ${answer}` };
      },
    },
  };
  const tenantId = newId("tenant");
  const payload = (type = "message.received"): WebhookPayload => ({
    id: newId("event", clock.now().getTime()),
    type,
    createdAt: clock.now().toISOString(),
    tenantId,
    sessionId: null,
    data: {},
  });
  return {
    clock,
    webhooks,
    eventLog,
    jobs,
    posts,
    deps,
    deliver,
    tenantId,
    payload,
    setAnswer: (s: number) => (answer = s),
  };
}

describe("webhook endpoint edits", () => {
  it("changes only the fields given and checks a new URL like creation does", async () => {
    const t = setup();
    const { record } = await createWebhook(t.deps, t.tenantId, {
      url: "https://a.example/hook",
      events: ["message.received"],
      description: "first",
    });
    t.clock.advance(1000);
    const updated = await updateWebhook(t.deps, t.tenantId, record.id, {
      events: ["session.status"],
      sessionIds: null,
      headers: { "X-Api-Key": "k1" },
    });
    expect(updated).toMatchObject({
      url: "https://a.example/hook",
      events: ["session.status"],
      description: "first",
      headers: { "X-Api-Key": "k1" },
      paused: false,
    });
    expect(updated.updatedAt).toBe("2030-01-01T00:00:01.000Z");
    const err = await updateWebhook(t.deps, t.tenantId, record.id, { url: "http://127.0.0.1/x" }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.details[0].path).toBe("body.url");
    expect((await t.webhooks.getEndpoint(t.tenantId, record.id))?.url).toBe("https://a.example/hook");
  });

  it("answers not_found for another tenant's endpoint", async () => {
    const t = setup();
    const { record } = await createWebhook(t.deps, t.tenantId, {
      url: "https://a.example/hook",
      events: ["message.received"],
    });
    const err = await updateWebhook(t.deps, newId("tenant"), record.id, { paused: true }).catch((e) => e);
    expect(isWharfError(err) && err.code).toBe("not_found");
  });

  it("queues nothing for a paused endpoint, and resuming does not replay what happened meanwhile", async () => {
    const t = setup();
    const { record } = await createWebhook(t.deps, t.tenantId, {
      url: "https://a.example/hook",
      events: ["message.received"],
    });
    await updateWebhook(t.deps, t.tenantId, record.id, { paused: true });
    expect(await dispatchWebhooks(t.deps, t.payload(), t.clock.now())).toBe(0);
    const test = await testWebhook(t.deps, t.tenantId, record.id).catch((e) => e);
    expect(isWharfError(test) && test.code).toBe("invalid_state");
    await updateWebhook(t.deps, t.tenantId, record.id, { paused: false });
    expect(t.jobs).toEqual([]);
    expect(await dispatchWebhooks(t.deps, t.payload(), t.clock.now())).toBe(1);
  });

  it("holds a pending retry while paused without POSTing, and sends it after resuming", async () => {
    const t = setup();
    const { record } = await createWebhook(t.deps, t.tenantId, {
      url: "https://a.example/hook",
      events: ["message.received"],
    });
    await dispatchWebhooks(t.deps, t.payload(), t.clock.now());
    await updateWebhook(t.deps, t.tenantId, record.id, { paused: true });
    const held = await deliverWebhook(t.deliver, t.jobs[0]!);
    expect(held.kind).toBe("retry");
    expect(t.posts).toEqual([]);
    expect((await t.webhooks.getDelivery(t.tenantId, t.jobs[0]!.deliveryId))?.attempts).toBe(0);
    await updateWebhook(t.deps, t.tenantId, record.id, { paused: false });
    expect((await deliverWebhook(t.deliver, t.jobs[0]!)).kind).toBe("delivered");
  });

  it("carries the API request id from the event to each job and the Wharf-Request-Id header", async () => {
    const t = setup();
    await createWebhook(t.deps, t.tenantId, { url: "https://a.example/hook", events: ["message.received"] });
    await dispatchWebhooks(t.deps, t.payload(), t.clock.now(), "req-trace-1");
    expect(t.jobs).toEqual([expect.objectContaining({ requestId: "req-trace-1" })]);
    await deliverWebhook(t.deliver, t.jobs[0]!);
    expect(t.posts[0]!.headers["wharf-request-id"]).toBe("req-trace-1");
    // an event no request caused: no id, no header
    await dispatchWebhooks(t.deps, t.payload(), t.clock.now());
    expect(t.jobs[1]).not.toHaveProperty("requestId");
    await deliverWebhook(t.deliver, t.jobs[1]!);
    expect(t.posts[1]!.headers).not.toHaveProperty("wharf-request-id");
  });

  it("sends custom headers, with Wharf's own headers winning", async () => {
    const t = setup();
    const { record } = await createWebhook(t.deps, t.tenantId, {
      url: "https://a.example/hook",
      events: ["message.received"],
      headers: { Authorization: "Bearer abc" },
    });
    await dispatchWebhooks(t.deps, t.payload(), t.clock.now());
    await deliverWebhook(t.deliver, t.jobs[0]!);
    expect(t.posts[0]?.headers).toMatchObject({ Authorization: "Bearer abc", "content-type": "application/json" });
    expect(record.headers).toEqual({ Authorization: "Bearer abc" });
  });

  it("logs a delivery's first failure and its dead-lettering in the tenant's event log", async () => {
    const t = setup();
    await createWebhook(t.deps, t.tenantId, { url: "https://a.example/hook", events: ["message.received"] });
    await dispatchWebhooks(t.deps, t.payload(), t.clock.now());
    t.setAnswer(500);
    await deliverWebhook(t.deliver, t.jobs[0]!);
    t.clock.advance(60_000);
    await deliverWebhook(t.deliver, t.jobs[0]!);
    t.clock.advance(26 * 3600_000);
    expect((await deliverWebhook(t.deliver, t.jobs[0]!)).kind).toBe("dead");
    const entries = t.eventLog.all(t.tenantId);
    expect(
      entries.map((e) => (e.type === "webhook.failed" ? [e.data.attempts, e.data.dead, e.data.responseStatus] : null)),
    ).toEqual([
      [3, true, 500],
      [1, false, 500],
    ]);
  });
});

describe("webhook secret rotation", () => {
  it("signs with the new and the old secret during the grace period, then with the new one only", async () => {
    const t = setup();
    const created = await createWebhook(t.deps, t.tenantId, {
      url: "https://a.example/hook",
      events: ["message.received"],
    });
    const rotated = await rotateWebhookSecret(t.deps, t.tenantId, created.record.id, { graceSeconds: 3600 });
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.record.previousSecretPrefix).toBe(created.record.secretPrefix);
    expect(rotated.record.previousSecretExpiresAt).toBe("2030-01-01T01:00:00.000Z");

    const deliverOne = async () => {
      await dispatchWebhooks(t.deps, t.payload(), t.clock.now());
      await deliverWebhook(t.deliver, t.jobs.at(-1)!);
      const post = t.posts.at(-1)!;
      const header = post.headers["wharf-signature"];
      const ok = (secret: string) => verifySignature({ secret, body: post.body, header, now: t.clock.now() });
      return { header: header ?? "", newOk: ok(rotated.secret), oldOk: ok(created.secret) };
    };
    const during = await deliverOne();
    expect(during.header.match(/v1=/g)).toHaveLength(2);
    expect(during).toMatchObject({ newOk: true, oldOk: true });

    t.clock.advance(3600_000);
    const after = await deliverOne();
    expect(after.header.match(/v1=/g)).toHaveLength(1);
    expect(after).toMatchObject({ newOk: true, oldOk: false });
  });

  it("revokes the old secret at once with a zero grace, and keeps at most two secrets", async () => {
    const t = setup();
    const created = await createWebhook(t.deps, t.tenantId, {
      url: "https://a.example/hook",
      events: ["message.received"],
    });
    const now = await rotateWebhookSecret(t.deps, t.tenantId, created.record.id, { graceSeconds: 0 });
    expect(now.record.previousSecretSealed).toBeNull();
    expect(signingSecrets(now.record, t.deps.secrets, t.clock.now())).toEqual([now.secret]);
    const second = await rotateWebhookSecret(t.deps, t.tenantId, created.record.id, { graceSeconds: 60 });
    const third = await rotateWebhookSecret(t.deps, t.tenantId, created.record.id, { graceSeconds: 60 });
    expect(signingSecrets(third.record, t.deps.secrets, t.clock.now())).toEqual([third.secret, second.secret]);
  });
});
