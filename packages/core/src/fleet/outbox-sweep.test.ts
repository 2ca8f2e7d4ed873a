import type { FleetEvent, PlacementMessage } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { outboxSeq } from "../events/outbox";
import { newId } from "../ids";
import { InMemoryEventOutbox } from "../testing/in-memory-event-outbox";
import {
  InMemoryOrphanedSessions,
  InMemoryOrphanStatus,
  InMemoryQueue,
  InMemoryWorkerInboxes,
  InMemoryWorkerRegistries,
} from "../testing/in-memory-fleet";
import { InMemoryOutboxSweepStore } from "../testing/in-memory-outbox-sweep";
import { sweepUnownedOutboxes, type OutboxSweepDeps } from "./outbox-sweep";
import { reconcileFleet } from "./reconcile";

const silent = { info: () => undefined, warn: () => undefined };

function setup() {
  const clock = fixedClock("2026-01-01T12:00:00.000Z");
  const outbox = new InMemoryEventOutbox();
  const store = new InMemoryOutboxSweepStore(outbox);
  const events = new InMemoryQueue<FleetEvent>();
  const deps: OutboxSweepDeps = { outbox, store, events, clock, logger: silent };
  const session = { tenantId: newId("tenant"), sessionId: newId("session") };
  async function keep(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const event = {
        id: newId("event"),
        type: "session.status",
        sessionId: session.sessionId,
      } as unknown as FleetEvent;
      await outbox.append(session.tenantId, session.sessionId, { seq: outboxSeq(1_000 + i, 0), event });
      ids.push(event.id);
    }
    return ids;
  }
  return { clock, outbox, store, events, deps, session, keep };
}

describe("outbox sweep", () => {
  it("publishes an unowned session's outbox oldest first and empties it", async () => {
    const t = setup();
    const ids = await t.keep(30);
    t.store.lease(t.session, "wrk_gone", new Date(t.clock.now().getTime() - 1), 4);
    expect(await sweepUnownedOutboxes(t.deps)).toBe(30);
    expect(t.events.pending.map((e) => e.id)).toEqual(ids);
    expect(t.outbox.size()).toBe(0);
  });

  it("leaves a live owner's outbox alone", async () => {
    const t = setup();
    await t.keep(2);
    t.store.lease(t.session, "wrk_live", new Date(t.clock.now().getTime() + 30_000), 4);
    expect(await sweepUnownedOutboxes(t.deps)).toBe(0);
    expect(t.events.pending).toEqual([]);
    expect(t.outbox.size()).toBe(2);
  });

  it("stops at the first removal refused because a new owner claimed the session, removing nothing unsent", async () => {
    const t = setup();
    const ids = await t.keep(3);
    t.store.lease(t.session, null, new Date(0), 4);
    const sent: string[] = [];
    t.deps.events = {
      send: async (e) => {
        sent.push(e.id);
        // the new owner's claim lands while the first entry is on its way
        t.store.lease(t.session, "wrk_new", new Date(t.clock.now().getTime() + 30_000), 5);
      },
      sendBatch: async () => undefined,
    };
    expect(await sweepUnownedOutboxes(t.deps)).toBe(0);
    expect(sent).toEqual([ids[0]]);
    expect((await t.outbox.oldest(t.session.tenantId, t.session.sessionId, 10)).map((e) => e.event.id)).toEqual(ids);
  });

  it("runs as part of reconciliation when the janitor has a sweep", async () => {
    const t = setup();
    await t.keep(2);
    const registries = new InMemoryWorkerRegistries();
    const report = await reconcileFleet({
      events: t.events,
      orphanStatus: new InMemoryOrphanStatus(() => undefined),
      registry: registries.forFleet("fleet-a-"),
      inboxes: new InMemoryWorkerInboxes(),
      placement: new InMemoryQueue<PlacementMessage>(),
      clock: t.clock,
      logger: silent,
      workerTtlMs: 3_000,
      orphans: new InMemoryOrphanedSessions(() => []),
      outboxSweep: { outbox: t.outbox, store: t.store },
    });
    expect(report.sweptOutboxEntries).toBe(2);
    expect(t.outbox.size()).toBe(0);
  });
});
