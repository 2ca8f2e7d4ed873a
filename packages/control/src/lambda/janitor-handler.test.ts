import {
  claimSessionLease,
  createOrphanedSessionSource,
  createOrphanStatusWriter,
  createSessionStore,
  createWorkerInboxes,
  createWorkerRegistry,
  ensureQueue,
  queueUrl,
  SqsQueue,
} from "@wharf/aws";
import { FleetEvent, PlacementMessage } from "@wharf/contracts";
import { newId, placeOrphanedSessions, reapDeadWorkers, systemClock, type ReconcileDeps } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { useTestStack } from "@wharf/aws/testing";
import { pino } from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { createJanitorHandler } from "./janitor-handler";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const sessions = createSessionStore(ctx);
const fleet = `t-jan-${Date.now().toString(36)}-`;
let placementUrl: string;
let eventsUrl: string;
let deps: ReconcileDeps;

beforeAll(async () => {
  placementUrl = await ensureQueue(stack.sqs, `${fleet}placement`);
  eventsUrl = await ensureQueue(stack.sqs, `${fleet}events.fifo`, { fifo: true });
  deps = {
    registry: createWorkerRegistry(ctx, fleet),
    orphans: createOrphanedSessionSource(ctx),
    inboxes: createWorkerInboxes(stack.sqs, { prefix: fleet }),
    placement: new SqsQueue<PlacementMessage>({ client: stack.sqs, queueUrl: placementUrl }),
    orphanStatus: createOrphanStatusWriter(ctx),
    events: new SqsQueue<FleetEvent>({ client: stack.sqs, queueUrl: eventsUrl }),
    clock: systemClock,
    logger: pino({ level: "silent" }),
    workerTtlMs: 3_000,
  };
});

async function statusEvents(): Promise<FleetEvent[]> {
  const out: FleetEvent[] = [];
  const q = new SqsQueue({ client: stack.sqs, queueUrl: eventsUrl });
  for (;;) {
    const msgs = await q.receive({ max: 10, waitSeconds: 0 });
    if (msgs.length === 0) return out;
    for (const m of msgs) {
      out.push(FleetEvent.parse(JSON.parse(m.body)));
      await q.delete(m.receiptHandle);
    }
  }
}

async function placed(): Promise<PlacementMessage[]> {
  const out: PlacementMessage[] = [];
  for (let i = 0; i < 10; i++) {
    const msgs = await new SqsQueue({ client: stack.sqs, queueUrl: placementUrl }).receive({ max: 10, waitSeconds: 0 });
    if (msgs.length === 0 && i > 0) break;
    for (const m of msgs) {
      out.push(PlacementMessage.parse(JSON.parse(m.body)));
      await new SqsQueue({ client: stack.sqs, queueUrl: placementUrl }).delete(m.receiptHandle);
    }
  }
  return out;
}

describe("janitor (core reconciliation over the aws adapters)", () => {
  it("places sessions that want a connection but have no live lease, and only those", async () => {
    const tenantId = newId("tenant");
    const unowned = sessionRecord(tenantId, { desiredState: "connected", status: "open" });
    const expired = sessionRecord(tenantId, { desiredState: "connected", status: "open" });
    const live = sessionRecord(tenantId, { desiredState: "connected", status: "open" });
    const idle = sessionRecord(tenantId, { desiredState: "disconnected", status: "disconnected" });
    for (const s of [unowned, expired, live, idle]) await sessions.create(s);
    await claimSessionLease(ctx, {
      tenantId,
      sessionId: expired.id,
      owner: "wrk_gone",
      now: new Date(Date.now() - 60_000),
      ttlMs: 30_000,
    });
    await claimSessionLease(ctx, { tenantId, sessionId: live.id, owner: "wrk_alive", now: new Date(), ttlMs: 30_000 });

    const res = await placeOrphanedSessions(deps);
    expect(res.orphaned).toBeGreaterThanOrEqual(2);
    const mine = (await placed()).filter((p) => p.tenantId === tenantId);
    expect(mine.map((p) => p.sessionId).sort()).toEqual([unowned.id, expired.id].sort());
    expect(mine.every((p) => p.data.reason === "janitor")).toBe(true);
    // the one whose owner is gone is shown reconnecting / owner_lost, item and event alike
    expect(await sessions.get(tenantId, expired.id)).toMatchObject({
      status: "reconnecting",
      lastDisconnect: { code: null, reason: "owner_lost" },
    });
    expect((await sessions.get(tenantId, unowned.id))?.status).toBe("open");
    const events = (await statusEvents()).filter((e) => e.tenantId === tenantId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "session.status",
      sessionId: expired.id,
      epoch: 1,
      data: { status: "reconnecting", disconnect: { reason: "owner_lost" } },
    });
  });

  it("reaps a dead worker once: its sessions are placed again, its inbox and registry items deleted", async () => {
    const registry = createWorkerRegistry(ctx, fleet);
    const dead = newId("worker");
    const alive = newId("worker");
    const deadInbox = await ensureQueue(stack.sqs, `${fleet}${dead}.fifo`, { fifo: true });
    const longAgo = new Date(Date.now() - 60_000);
    await registry.register({ id: dead, inboxUrl: deadInbox, capacity: 10, startedAt: longAgo.toISOString() }, longAgo);
    await registry.register(
      { id: alive, inboxUrl: "http://unused", capacity: 10, startedAt: new Date().toISOString() },
      new Date(),
    );
    const owned = [
      { tenantId: newId("tenant"), sessionId: newId("session") },
      { tenantId: newId("tenant"), sessionId: newId("session") },
    ];
    for (const o of owned) await registry.recordOwnership(dead, o, longAgo);

    // two reapers at once (the janitor and a worker): one of them wins
    const [a, b] = await Promise.all([
      reapDeadWorkers({ ...deps, reaper: "janitor" }),
      reapDeadWorkers({ ...deps, reaper: alive }),
    ]);
    expect([...a.deadWorkers, ...b.deadWorkers]).toEqual([dead]);
    expect(a.placed + b.placed).toBe(2);

    const msgs = await placed();
    expect(msgs.map((m) => m.sessionId).sort()).toEqual(owned.map((o) => o.sessionId).sort());
    expect(msgs.every((m) => m.data.reason === "dead_worker")).toBe(true);
    expect(await registry.get(dead)).toBeNull();
    expect(await registry.ownedBy(dead)).toEqual([]);
    expect(await registry.get(alive)).not.toBeNull();
    await expect(queueUrl(stack.sqs, `${fleet}${dead}.fifo`)).rejects.toThrow();
  });

  it("leaves workers of another fleet alone", async () => {
    const other = createWorkerRegistry(ctx, `${fleet}other-`);
    const id = newId("worker");
    const longAgo = new Date(Date.now() - 60_000);
    await other.register({ id, inboxUrl: "http://unused", capacity: 1, startedAt: longAgo.toISOString() }, longAgo);
    const res = await reapDeadWorkers(deps);
    expect(res.deadWorkers).not.toContain(id);
    expect(await other.get(id)).not.toBeNull();
  });

  it("runs as a Lambda handler configured once from env and SST links", async () => {
    const tenantId = newId("tenant");
    const orphan = sessionRecord(tenantId, { desiredState: "connected", status: "open" });
    await sessions.create(orphan);
    const handler = createJanitorHandler(
      {
        AWS_REGION: stack.region,
        AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint,
        AWS_ENDPOINT_URL_SQS: stack.sqsEndpoint,
        WHARF_TABLE_NAME: stack.tableName,
        WHARF_PLACEMENT_QUEUE_URL: placementUrl,
        WHARF_EVENTS_QUEUE_URL: eventsUrl,
        LOG_LEVEL: "silent",
      },
      { Inboxes: { queuePrefix: fleet } },
    );
    const report = await handler();
    expect(report.orphanedSessions).toBeGreaterThanOrEqual(1);
    // the Lambda sweeps the outboxes of sessions nobody owns as well
    expect(report.sweptOutboxEntries).toBeGreaterThanOrEqual(0);
    expect((await placed()).some((p) => p.sessionId === orphan.id)).toBe(true);
  });

  it("refuses to start without a placement queue or an events queue", () => {
    expect(() => createJanitorHandler({ WHARF_TABLE_NAME: stack.tableName }, {})).toThrow(/WHARF_PLACEMENT_QUEUE_URL/);
    expect(() =>
      createJanitorHandler({ WHARF_TABLE_NAME: stack.tableName, WHARF_PLACEMENT_QUEUE_URL: placementUrl }, {}),
    ).toThrow(/WHARF_EVENTS_QUEUE_URL/);
  });
});
