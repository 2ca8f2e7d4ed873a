import { newId, ownerLostDisconnect, type OrphanedSession } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { describe, expect, it } from "vitest";
import { createOrphanedSessionSource, createOrphanStatusWriter, ownerGaps } from "./orphaned-sessions";
import { createWorkerRegistry } from "./worker-registry";
import { useTestStack } from "../testing/index";
import { claimSessionLease } from "../stores/session-lease";
import { createSessionStore } from "../stores/session-store";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const sessions = createSessionStore(ctx);
const TTL = 30_000;

async function orphanIds(tenantId: string, now: Date): Promise<string[]> {
  const found: string[] = [];
  for await (const page of createOrphanedSessionSource(ctx).pages(now))
    found.push(...page.sessions.filter((o) => o.tenantId === tenantId).map((o) => o.sessionId));
  return found.sort();
}

/** A registered worker (its own fleet) and a few sessions it claimed through its heartbeat. */
async function workerWithSessions(n: number, now: Date) {
  const fleet = `t-hb-${newId("worker").slice(-8)}-`;
  const registry = createWorkerRegistry(ctx, fleet, { workerTtlMs: TTL });
  const workerId = newId("worker");
  await registry.register({ id: workerId, inboxUrl: "http://inbox", capacity: 10, startedAt: now.toISOString() }, now);
  const tenantId = newId("tenant");
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = sessionRecord(tenantId, { desiredState: "connected" });
    await sessions.create(s);
    const claim = await claimSessionLease(ctx, {
      tenantId,
      sessionId: s.id,
      owner: workerId,
      now,
      ttlMs: TTL,
      byHeartbeat: true,
    });
    expect(claim).toMatchObject({ status: "claimed", lease: { owner: workerId, epoch: 1, leaseUntil: null } });
    ids.push(s.id);
  }
  return { registry, workerId, tenantId, ids: ids.sort() };
}

describe("leases kept live by the owner's heartbeat (DynamoDB)", () => {
  it("keeps every session of a heart-beating worker held, however long after the claim", async () => {
    const t0 = new Date();
    const { registry, workerId, tenantId, ids } = await workerWithSessions(3, t0);
    // one heartbeat write, long after any per-session lease would have run out
    const later = new Date(t0.getTime() + 5 * TTL);
    for (let t = 1; t <= 5; t++)
      expect(
        await registry.heartbeat(workerId, { load: 3, state: "running" }, new Date(t0.getTime() + t * TTL - 1)),
      ).toBe(true);
    const res = await claimSessionLease(ctx, {
      tenantId,
      sessionId: ids[0]!,
      owner: "wrk_other",
      now: later,
      ttlMs: TTL,
    });
    expect(res).toMatchObject({ status: "held", lease: { owner: workerId, epoch: 1 } });
    expect(await orphanIds(tenantId, later)).toEqual([]);
  });

  it("lets a claimer take the sessions once the owner's heartbeat lapsed, bumping the epoch", async () => {
    const t0 = new Date();
    const { tenantId, ids } = await workerWithSessions(2, t0);
    const lapsed = new Date(t0.getTime() + TTL + 1);
    expect(await orphanIds(tenantId, lapsed)).toEqual(ids);
    const res = await claimSessionLease(ctx, { tenantId, sessionId: ids[0]!, owner: "wrk_b", now: lapsed, ttlMs: TTL });
    expect(res).toMatchObject({ status: "claimed", lease: { owner: "wrk_b", epoch: 2 } });
    expect((await sessions.get(tenantId, ids[0]!))?.lease).toMatchObject({ owner: "wrk_b", epoch: 2 });
  });

  it("shows a dead owner's unclaimed session as owner_lost, and never one a claimer took", async () => {
    const t0 = new Date();
    const { tenantId, ids } = await workerWithSessions(2, t0);
    const lapsed = new Date(t0.getTime() + TTL + 1);
    const orphans: OrphanedSession[] = [];
    for await (const page of createOrphanedSessionSource(ctx).pages(lapsed))
      orphans.push(...page.sessions.filter((o) => o.tenantId === tenantId));
    expect(orphans).toHaveLength(2);
    await claimSessionLease(ctx, { tenantId, sessionId: ids[1]!, owner: "wrk_b", now: lapsed, ttlMs: TTL });
    const writer = createOrphanStatusWriter(ctx);
    const lost = ownerLostDisconnect(lapsed);
    const marks = await Promise.all(orphans.map((o) => writer.markOwnerLost(o, lost, lapsed)));
    expect(Object.fromEntries(orphans.map((o, i) => [o.sessionId, marks[i]]))).toEqual({
      [ids[0]!]: true,
      [ids[1]!]: false,
    });
    expect(await sessions.get(tenantId, ids[0]!)).toMatchObject({ status: "reconnecting", lastDisconnect: lost });
  });

  it("lets a claimer take the sessions of a worker whose record is gone", async () => {
    const t0 = new Date();
    const { registry, workerId, tenantId, ids } = await workerWithSessions(1, t0);
    await registry.remove(workerId);
    const res = await claimSessionLease(ctx, { tenantId, sessionId: ids[0]!, owner: "wrk_b", now: t0, ttlMs: TTL });
    expect(res).toMatchObject({ status: "claimed", lease: { owner: "wrk_b", epoch: 2 } });
  });

  it("refuses the heartbeat of a worker whose liveness lapsed: it must let its sessions go", async () => {
    const t0 = new Date();
    const { registry, workerId } = await workerWithSessions(0, t0);
    expect(await registry.heartbeat(workerId, { load: 0, state: "running" }, new Date(t0.getTime() + TTL + 1))).toBe(
      false,
    );
  });

  it("covers every owner id but the live ones with its key ranges", () => {
    const live = ["wrk_b", "wrk_d"];
    const inRange = (sk: string) =>
      ownerGaps(live).some(({ condition, values }) => {
        if (condition.includes("BETWEEN")) return sk >= values[":from"]! && sk <= values[":to"]!;
        if (condition.includes("<")) return sk < values[":to"]!;
        return sk > values[":from"]!;
      });
    for (const sk of ["-", "wrk_a", "wrk_bb", "wrk_c", "wrk_cz", "wrk_e", "2030-01-01T00:00:00.000Z"])
      expect(inRange(sk), sk).toBe(true);
    for (const sk of live) expect(inRange(sk), sk).toBe(false);
    expect(ownerGaps([])).toEqual([{ condition: "", values: {} }]);
  });
});
