import { verifySignature } from "@wharf/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../runtime";
import {
  apiOf,
  clients,
  inbound,
  newSession,
  newTenant,
  ownSession,
  sendEvent,
  sleep,
  startReceiver,
  startTestRuntime,
  waitFor,
} from "./test-kit";

/** Durable webhooks: Webhooks queue on fauxqs, visibility-timeout backoff, a local HTTP receiver. */
describe("webhooks (deliverer on the local stack)", () => {
  let rt: LocalRuntime;
  const { doc } = clients();
  beforeAll(async () => {
    // a window that holds 3 failed attempts 1 s apart even on a loaded machine (each attempt
    // costs a receive, a POST and two writes on top of its backoff)
    rt = await startTestRuntime({
      webhookRetry: { baseDelaySeconds: 1, maxDelaySeconds: 1, maxAgeSeconds: 6, timeoutMs: 2_000 },
    });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  it("a receiver failing 3 times then recovering gets every event exactly once (per event id), signed", async () => {
    const receiver = await startReceiver();
    receiver.failFirst(3);
    const t = await newTenant(rt);
    const s = await newSession(rt, t);
    const { epoch } = await ownSession(rt, doc, t, s);
    const hook = await apiOf(rt).call("POST", "/v1/webhooks", {
      key: t.key,
      json: { url: receiver.url, events: ["message.received"], sessionIds: [s] },
    });
    const events = [
      inbound({ tenantId: t.id, sessionId: s, epoch }, "one"),
      inbound({ tenantId: t.id, sessionId: s, epoch }, "two", "4915100000002"),
    ];
    for (const e of events) await sendEvent(rt, e);

    const ok = (id: string) => receiver.received.filter((r) => r.headers["wharf-event-id"] === id && r.status === 200);
    // one line: the second event is tried only once the first is delivered (about 4 s each)
    await waitFor("both delivered", async () => events.every((e) => ok(e.id).length > 0), 40_000);
    // the receiver sees the 200 before the delivery record says succeeded: wait for the record
    await waitFor("both recorded as succeeded", async () => {
      const r = await apiOf(rt).call("GET", `/v1/webhooks/${hook.body.id}/deliveries`, { key: t.key });
      return r.body.data.filter((d: { status: string }) => d.status === "succeeded").length === 2;
    });
    // a little longer: a second, duplicate delivery would arrive in this window
    await sleep(1500);
    for (const e of events) {
      expect(ok(e.id)).toHaveLength(1);
      expect(receiver.received.filter((r) => r.headers["wharf-event-id"] === e.id)).toHaveLength(4);
      const r = ok(e.id)[0]!;
      expect(
        verifySignature({ secret: hook.body.secret, body: r.body, header: r.headers["wharf-signature"] as string }),
      ).toBe(true);
    }
    const log = await apiOf(rt).call("GET", `/v1/webhooks/${hook.body.id}/deliveries`, { key: t.key });
    expect(log.body.data).toHaveLength(2);
    for (const d of log.body.data)
      expect(d).toMatchObject({
        status: "succeeded",
        attempts: 4,
        responseStatus: 200,
        error: null,
        nextAttemptAt: null,
      });
    await receiver.stop();
  });

  it("an endpoint down while two sessions' events arrive gets each session's events in order once it is back", async () => {
    // its own runtime: a backoff that grows (1, 2, 4 s), so on a queue without lines a later
    // event (fewer failed attempts, shorter wait) would overtake an earlier one of its session
    const growing = await startTestRuntime({
      webhookRetry: { baseDelaySeconds: 1, maxDelaySeconds: 4, maxAgeSeconds: 120, timeoutMs: 2_000 },
    });
    const receiver = await startReceiver();
    try {
      receiver.setDown(true);
      const t = await newTenant(growing);
      const sessions = [await newSession(growing, t), await newSession(growing, t)];
      const epochs = [];
      for (const s of sessions) epochs.push((await ownSession(growing, doc, t, s)).epoch);
      const hook = await apiOf(growing).call("POST", "/v1/webhooks", {
        key: t.key,
        json: { url: receiver.url, events: ["message.received"], sessionIds: sessions },
      });
      expect(hook.status).toBe(201);
      const sent: Array<{ sessionId: string; eventId: string }> = [];
      for (let i = 0; i < 10; i++) {
        const k = i % 2;
        const e = inbound({ tenantId: t.id, sessionId: sessions[k]!, epoch: epochs[k]! }, `m ${i}`);
        await sendEvent(growing, e);
        sent.push({ sessionId: sessions[k]!, eventId: e.id });
        await sleep(300);
      }
      // every session's newest event has been tried and refused: the outage reached them all
      const tried = (id: string) => receiver.received.some((r) => r.headers["wharf-event-id"] === id);
      await waitFor("each session's first event refused", async () => sent.slice(0, 2).every((s) => tried(s.eventId)));
      await sleep(2_000);
      receiver.setDown(false);

      const ok = () => receiver.received.filter((r) => r.status === 200);
      await waitFor("every event delivered", async () => ok().length >= sent.length, 60_000);
      await waitFor("every delivery recorded as succeeded", async () => {
        const r = await apiOf(growing).call("GET", `/v1/webhooks/${hook.body.id}/deliveries?limit=100`, { key: t.key });
        return r.body.data.filter((d: { status: string }) => d.status === "succeeded").length === sent.length;
      });
      const delivered = ok().map((r) => String(r.headers["wharf-event-id"]));
      expect(new Set(delivered).size).toBe(delivered.length);
      for (const s of sessions) {
        const inOrder = sent.filter((e) => e.sessionId === s).map((e) => e.eventId);
        expect(delivered.filter((id) => inOrder.includes(id))).toEqual(inOrder);
      }
    } finally {
      await receiver.stop();
      await growing.stop();
    }
  });

  it("dead-letters after the retry window with a delivery record, and redelivers it on request", async () => {
    const receiver = await startReceiver();
    receiver.failFirst(1000);
    const t = await newTenant(rt);
    const hook = await apiOf(rt).call("POST", "/v1/webhooks", {
      key: t.key,
      json: { url: receiver.url, events: ["session.status"] },
    });
    const test = await apiOf(rt).call("POST", `/v1/webhooks/${hook.body.id}/test`, { key: t.key });
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({ status: "pending", eventType: "webhook.test", attempts: 0 });
    const dead = await waitFor(
      "dead letter",
      async () => {
        const log = await apiOf(rt).call("GET", `/v1/webhooks/${hook.body.id}/deliveries`, { key: t.key });
        return log.body.data.find((d: { status: string }) => d.status === "dead");
      },
      20_000,
    );
    expect(dead).toMatchObject({ id: test.body.id, responseStatus: 500, error: expect.stringContaining("500") });
    expect(dead.attempts).toBeGreaterThanOrEqual(2);

    receiver.failFirst(0);
    const before = receiver.received.length;
    const again = await apiOf(rt).call("POST", `/v1/webhooks/deliveries/${test.body.id}/redeliver`, { key: t.key });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ status: "pending", attempts: 0 });
    const delivered = await waitFor(
      "redelivered",
      async () =>
        (await apiOf(rt).call("GET", `/v1/webhooks/${hook.body.id}/deliveries`, { key: t.key })).body.data.find(
          (d: { status: string }) => d.status === "succeeded",
        ),
      10_000,
    );
    expect(delivered.attempts).toBe(1);
    expect(receiver.received.slice(before).filter((r) => r.status === 200)).toHaveLength(1);
    expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({ id: test.body.eventId, type: "webhook.test" });
    // a pending delivery cannot be redelivered on top of itself
    await receiver.stop();
  });

  it("shows the secret once and never again", async () => {
    const t = await newTenant(rt);
    const created = await apiOf(rt).call("POST", "/v1/webhooks", {
      key: t.key,
      json: { url: "http://127.0.0.1:9/x", events: ["message.status"] },
    });
    expect(created.body.secret).toMatch(/^whsec_/);
    expect(created.body.secretPrefix).toBe(created.body.secret.slice(0, 12));
    const listed = await apiOf(rt).call("GET", "/v1/webhooks", { key: t.key });
    expect(listed.body.data).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    const one = await apiOf(rt).call("GET", `/v1/webhooks/${created.body.id}`, { key: t.key });
    expect(one.body).not.toHaveProperty("secret");
  });
});
