import type { FleetEvent, PlacementMessage, SessionStatusEvent } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { newId } from "../ids";
import { sessionRecord } from "../testing/fixtures";
import {
  InMemoryOrphanedSessions,
  InMemoryOrphanStatus,
  InMemoryQueue,
  InMemoryWorkerInboxes,
  InMemoryWorkerRegistries,
} from "../testing/in-memory-fleet";
import { placeOrphanedSessions, reapDeadWorkers, reconcileFleet, type ReconcileDeps } from "./reconcile";

const silent = { info: () => undefined, warn: () => undefined };

function setup(sessions: ReturnType<typeof sessionRecord>[] = []) {
  const clock = fixedClock("2026-01-01T12:00:00.000Z");
  const registries = new InMemoryWorkerRegistries();
  const registry = registries.forFleet("fleet-a-");
  const inboxes = new InMemoryWorkerInboxes();
  const placement = new InMemoryQueue<PlacementMessage>();
  const events = new InMemoryQueue<FleetEvent>();
  const find = (o: { sessionId: string }) => sessions.find((s) => s.id === o.sessionId);
  const deps: ReconcileDeps = {
    events,
    orphanStatus: new InMemoryOrphanStatus(find),
    registry,
    inboxes,
    placement,
    clock,
    logger: silent,
    workerTtlMs: 3_000,
    // the fixed clock never moves: no waiting for commands a dead worker had taken
    salvageWaitMs: 0,
    orphans: new InMemoryOrphanedSessions(() => sessions),
  };
  return { clock, registries, registry, inboxes, placement, events, deps };
}

describe("reconciliation", () => {
  it("reaps a dead worker once: its sessions are placed again, its inbox and records deleted", async () => {
    const { clock, registry, inboxes, placement, deps } = setup();
    const dead = newId("worker");
    const alive = newId("worker");
    const deadInbox = await inboxes.create(dead);
    await registry.register(
      { id: dead, inboxUrl: deadInbox, capacity: 10, startedAt: clock.now().toISOString() },
      clock.now(),
    );
    clock.advance(60_000);
    await registry.register(
      { id: alive, inboxUrl: await inboxes.create(alive), capacity: 10, startedAt: clock.now().toISOString() },
      clock.now(),
    );
    const owned = [
      { tenantId: newId("tenant"), sessionId: newId("session") },
      { tenantId: newId("tenant"), sessionId: newId("session") },
    ];
    for (const o of owned) await registry.recordOwnership(dead, o, clock.now());

    const [a, b] = await Promise.all([
      reapDeadWorkers({ ...deps, reaper: "janitor" }),
      reapDeadWorkers({ ...deps, reaper: alive }),
    ]);
    expect([...a.deadWorkers, ...b.deadWorkers]).toEqual([dead]);
    expect(a.placed + b.placed).toBe(2);
    expect(a.inboxesDeleted + b.inboxesDeleted).toBe(1);
    expect(placement.pending.map((m) => m.sessionId).sort()).toEqual(owned.map((o) => o.sessionId).sort());
    expect(placement.pending.every((m) => m.data.reason === "dead_worker")).toBe(true);
    expect(await registry.get(dead)).toBeNull();
    expect(await registry.get(alive)).not.toBeNull();
    expect(inboxes.queues.has(deadInbox)).toBe(false);
  });

  it("never reaps the reaper itself, a live worker, or another fleet's worker", async () => {
    const { clock, registries, registry, deps } = setup();
    const me = newId("worker");
    const stranger = newId("worker");
    await registry.register(
      { id: me, inboxUrl: "memory://me", capacity: 1, startedAt: clock.now().toISOString() },
      clock.now(),
    );
    await registries
      .forFleet("fleet-b-")
      .register(
        { id: stranger, inboxUrl: "memory://x", capacity: 1, startedAt: clock.now().toISOString() },
        clock.now(),
      );
    clock.advance(60_000);
    const res = await reapDeadWorkers({ ...deps, reaper: me });
    expect(res.deadWorkers).toEqual([]);
    expect(await registry.get(me)).not.toBeNull();
  });

  it("places sessions that want a connection but have no live lease, and only those", async () => {
    const now = new Date("2026-01-01T12:00:00.000Z");
    const t = newId("tenant");
    const unowned = sessionRecord(t, { desiredState: "connected", status: "open" });
    const expired = sessionRecord(t, {
      desiredState: "connected",
      status: "open",
      lease: { owner: "wrk_gone", epoch: 4, leaseUntil: new Date(now.getTime() - 1).toISOString() },
    });
    const live = sessionRecord(t, {
      desiredState: "connected",
      status: "open",
      lease: { owner: "wrk_alive", epoch: 1, leaseUntil: new Date(now.getTime() + 30_000).toISOString() },
    });
    const idle = sessionRecord(t, { desiredState: "disconnected", status: "disconnected" });
    const { placement, deps } = setup([unowned, expired, live, idle]);
    const res = await placeOrphanedSessions(deps);
    expect(res).toEqual({ scanned: 4, orphaned: 2, markedOwnerLost: 1 });
    expect(placement.pending.map((p) => [p.sessionId, p.epoch]).sort()).toEqual(
      [
        [unowned.id, 0],
        [expired.id, 4],
      ].sort(),
    );
    expect(placement.pending.every((p) => p.data.reason === "janitor")).toBe(true);
  });

  it("one run reports both", async () => {
    const { deps } = setup([sessionRecord(newId("tenant"), { desiredState: "connected" })]);
    expect(await reconcileFleet(deps)).toEqual({
      deadWorkers: [],
      placed: 0,
      inboxesDeleted: 0,
      scannedSessions: 1,
      orphanedSessions: 1,
      markedOwnerLost: 0,
    });
  });
});

describe("orphans whose owner is gone", () => {
  const at = "2026-01-01T12:00:00.000Z";
  const lapsed = (epoch: number) => ({
    owner: "wrk_gone",
    epoch,
    leaseUntil: new Date(Date.parse(at) - 1).toISOString(),
  });

  it("are shown reconnecting / owner_lost on the item and through a session.status event at their epoch", async () => {
    const s = sessionRecord(newId("tenant"), { desiredState: "connected", status: "open", lease: lapsed(3) });
    const { events, placement, deps } = setup([s]);
    const res = await placeOrphanedSessions(deps);
    expect(res.markedOwnerLost).toBe(1);
    expect(s.status).toBe("reconnecting");
    expect(s.lastDisconnect).toMatchObject({ code: null, reason: "owner_lost", at });
    expect(s.lastDisconnect?.message).toMatch(/no fleet worker/i);
    const [event] = events.pending as SessionStatusEvent[];
    expect(events.pending).toHaveLength(1);
    expect(event).toMatchObject({
      type: "session.status",
      v: 1,
      tenantId: s.tenantId,
      sessionId: s.id,
      epoch: 3,
      at,
      data: { status: "reconnecting", disconnect: s.lastDisconnect },
    });
    // re-placement goes on as before
    expect(placement.pending.map((p) => [p.sessionId, p.epoch])).toEqual([[s.id, 3]]);
  });

  it("are reported once: a later run with the status already shown sends no second event", async () => {
    const s = sessionRecord(newId("tenant"), { desiredState: "connected", status: "open", lease: lapsed(2) });
    const { events, placement, deps } = setup([s]);
    await placeOrphanedSessions(deps);
    const again = await placeOrphanedSessions(deps);
    expect(again).toMatchObject({ orphaned: 1, markedOwnerLost: 0 });
    expect(events.pending).toHaveLength(1);
    expect(placement.pending).toHaveLength(2);
  });

  it("never overwrite the status of a worker that claimed the session meanwhile", async () => {
    const s = sessionRecord(newId("tenant"), { desiredState: "connected", status: "open", lease: lapsed(5) });
    const { events, deps } = setup([s]);
    const claimedMeanwhile = {
      ...deps,
      orphans: {
        async *pages(now: Date) {
          for await (const page of new InMemoryOrphanedSessions(() => [s]).pages(now)) {
            // a worker claims between the read and the write: epoch 6, live lease, its own status
            Object.assign(s, {
              status: "connecting",
              lease: { owner: "wrk_new", epoch: 6, leaseUntil: new Date(Date.parse(at) + 30_000).toISOString() },
            });
            yield page;
          }
        },
      },
    };
    const res = await placeOrphanedSessions(claimedMeanwhile);
    expect(res.markedOwnerLost).toBe(0);
    expect(s.status).toBe("connecting");
    expect(s.lastDisconnect).toBeNull();
    // the event went out at the old epoch, which the events consumer drops as stale
    expect(events.pending.map((e) => e.epoch)).toEqual([5]);
  });

  it("leave sessions that never had an owner, and final states, as they are", async () => {
    const t = newId("tenant");
    const waiting = sessionRecord(t, { desiredState: "connected", status: "connecting" });
    const failed = sessionRecord(t, { desiredState: "connected", status: "failed", lease: lapsed(1) });
    const loggedOut = sessionRecord(t, { desiredState: "connected", status: "logged_out", lease: lapsed(1) });
    const { events, placement, deps } = setup([waiting, failed, loggedOut]);
    const res = await placeOrphanedSessions(deps);
    expect(res).toMatchObject({ orphaned: 3, markedOwnerLost: 0 });
    expect(events.pending).toEqual([]);
    expect([waiting.status, failed.status, loggedOut.status]).toEqual(["connecting", "failed", "logged_out"]);
    expect(placement.pending).toHaveLength(3);
  });

  it("are marked whether or not any worker is alive to take them", async () => {
    const s = sessionRecord(newId("tenant"), { desiredState: "connected", status: "qr", lease: lapsed(1) });
    const { registry, deps } = setup([s]);
    expect(await registry.list()).toEqual([]);
    expect((await reconcileFleet(deps)).markedOwnerLost).toBe(1);
    expect(s.status).toBe("reconnecting");
  });
});
