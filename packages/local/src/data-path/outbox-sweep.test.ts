import { SqsQueue, claimSessionLease, createEventOutbox, createOutboxSweepStore } from "@wharf/aws";
import type { FleetEvent } from "@wharf/contracts";
import { outboxSeq, sweepUnownedOutboxes, systemClock, type OutboxSweepDeps } from "@wharf/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../runtime";
import {
  apiOf,
  clients,
  inbound,
  newSession,
  newTenant,
  silent,
  startTestRuntime,
  waitFor,
  type Tenant,
} from "./test-kit";

/**
 * The janitor's outbox sweep on the real local stack: events an owner kept in its session's
 * outbox (SQS was down) and never replayed, because it died and nobody owns the session now,
 * are published in order and reach the events consumer; never while a live owner holds it.
 */
describe("outbox sweep of sessions nobody owns (DynamoDB Local, Events.fifo on fauxqs)", () => {
  let rt: LocalRuntime;
  const { doc, sqs } = clients();
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(async () => {
    await rt?.stop();
  });

  /** a session whose owner kept `n` events in the outbox; its lease lasts `ttlMs` */
  async function sessionWithOutbox(t: Tenant, n: number, ttlMs: number) {
    const ctx = { doc, tableName: rt.tableName };
    const sessionId = await newSession(rt, t);
    const now = new Date();
    const claim = await claimSessionLease(ctx, { tenantId: t.id, sessionId, owner: "wrk_gone", now, ttlMs });
    if (claim.status !== "claimed") throw new Error("lease not claimed");
    const outbox = createEventOutbox(ctx);
    const events: FleetEvent[] = [];
    for (let i = 0; i < n; i++) {
      const e = inbound({ tenantId: t.id, sessionId, epoch: claim.lease.epoch }, `kept ${i}`);
      (e.data as { sentAt: string }).sentAt = new Date(now.getTime() + i).toISOString();
      events.push(e);
      await outbox.append(t.id, sessionId, { seq: outboxSeq(now.getTime(), i), event: e });
    }
    return { sessionId, events, outbox, ctx, epoch: claim.lease.epoch };
  }

  /** a sweep over this tenant's outboxes only: other suites share the table */
  function sweepDeps(ctx: { doc: typeof doc; tableName: string }, sent: string[], t: Tenant): OutboxSweepDeps {
    const queue = new SqsQueue<FleetEvent>({ client: sqs, queueUrl: rt.queues.events });
    const store = createOutboxSweepStore(ctx);
    return {
      outbox: createEventOutbox(ctx),
      store: {
        ...store,
        sessionsWithEntries: async (limit) =>
          (await store.sessionsWithEntries(limit)).filter((s) => s.tenantId === t.id),
      },
      events: {
        send: async (e, opts) => {
          await queue.send(e, opts);
          sent.push(e.id);
        },
        sendBatch: async () => {
          throw new Error("not used");
        },
      },
      clock: systemClock,
      logger: silent,
      sessionsPerRun: 1_000,
    };
  }

  it("publishes the outbox of a session whose owner is gone, oldest first, and the events are stored", async () => {
    const t = await newTenant(rt);
    const s = await sessionWithOutbox(t, 3, 1);
    const store = createOutboxSweepStore(s.ctx);
    await waitFor(
      "the lease lapsed",
      async () => (await store.unownedEpoch({ tenantId: t.id, sessionId: s.sessionId }, new Date())) !== null,
    );
    const sent: string[] = [];
    await sweepUnownedOutboxes(sweepDeps(s.ctx, sent, t));
    expect(sent.filter((id) => s.events.some((e) => e.id === id))).toEqual(s.events.map((e) => e.id));
    expect(await s.outbox.oldest(t.id, s.sessionId, 10)).toEqual([]);

    const stored = await waitFor("the events reached the consumer", async () => {
      const r = await apiOf(rt).call("GET", `/v1/sessions/${s.sessionId}/chats/4915100000001/messages`, { key: t.key });
      return r.body.data?.length === 3 ? r.body.data : null;
    });
    expect(stored.map((m: { text: string }) => m.text).sort()).toEqual(["kept 0", "kept 1", "kept 2"]);
  });

  it("leaves the outbox of a session with a live owner to that owner", async () => {
    const t = await newTenant(rt);
    const s = await sessionWithOutbox(t, 2, 10 * 60_000);
    const sent: string[] = [];
    await sweepUnownedOutboxes(sweepDeps(s.ctx, sent, t));
    expect(sent.filter((id) => s.events.some((e) => e.id === id))).toEqual([]);
    expect(await s.outbox.oldest(t.id, s.sessionId, 10)).toHaveLength(2);
  });

  it("stops, removing nothing, once a new owner claims the session during the sweep", async () => {
    const t = await newTenant(rt);
    const s = await sessionWithOutbox(t, 3, 1);
    const real = createOutboxSweepStore(s.ctx);
    await waitFor(
      "the lease lapsed",
      async () => (await real.unownedEpoch({ tenantId: t.id, sessionId: s.sessionId }, new Date())) !== null,
    );
    const sent: string[] = [];
    const deps = sweepDeps(s.ctx, sent, t);
    deps.store = {
      ...real,
      sessionsWithEntries: async () => [{ tenantId: t.id, sessionId: s.sessionId }],
      // the fence is read, then a worker claims the session (and will replay the outbox itself)
      unownedEpoch: async (session, now) => {
        const epoch = await real.unownedEpoch(session, now);
        const claim = await claimSessionLease(s.ctx, {
          tenantId: t.id,
          sessionId: s.sessionId,
          owner: "wrk_new",
          now: new Date(),
          ttlMs: 60_000,
        });
        expect(claim.status).toBe("claimed");
        return epoch;
      },
    };
    expect(await sweepUnownedOutboxes(deps)).toBe(0);
    // at most the first entry went out (the new owner's replay sends it again: one event id)
    expect(sent).toEqual([s.events[0]!.id]);
    expect((await s.outbox.oldest(t.id, s.sessionId, 10)).map((e) => e.event.id)).toEqual(s.events.map((e) => e.id));
  });
});
