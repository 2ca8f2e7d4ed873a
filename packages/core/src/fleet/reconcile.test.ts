import type { PlacementMessage } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { newId } from "../ids";
import { sessionRecord } from "../testing/fixtures";
import {
  InMemoryOrphanedSessions,
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
  const deps: ReconcileDeps = {
    registry,
    inboxes,
    placement,
    clock,
    logger: silent,
    workerTtlMs: 3_000,
    orphans: new InMemoryOrphanedSessions(() => sessions),
  };
  return { clock, registries, registry, inboxes, placement, deps };
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
    expect(res).toEqual({ scanned: 4, orphaned: 2 });
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
    });
  });
});
