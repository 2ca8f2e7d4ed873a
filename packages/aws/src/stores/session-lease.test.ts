import { newId } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { useTestStack } from "../testing/index";
import { describe, expect, it } from "vitest";
import { createSessionStore } from "./session-store";
import { claimSessionLease, releaseSessionLease, renewSessionLease } from "./session-lease";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const sessions = createSessionStore(ctx);

const TTL = 30_000;
const t0 = new Date("2030-01-01T00:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

async function newSession() {
  const s = sessionRecord(newId("tenant"));
  await sessions.create(s);
  return { tenantId: s.tenantId, sessionId: s.id };
}

describe("session leases", () => {
  it("claims a free lease at epoch 1 and shows it on the session", async () => {
    const target = await newSession();
    const res = await claimSessionLease(ctx, { ...target, owner: "wrk_a", now: t0, ttlMs: TTL });
    expect(res).toEqual({ status: "claimed", lease: { owner: "wrk_a", epoch: 1, leaseUntil: at(TTL).toISOString() } });
    expect((await sessions.get(target.tenantId, target.sessionId))?.lease).toEqual(
      res.status === "claimed" ? res.lease : null,
    );
  });

  it("refuses a claim while another worker's lease is live", async () => {
    const target = await newSession();
    await claimSessionLease(ctx, { ...target, owner: "wrk_a", now: t0, ttlMs: TTL });
    const res = await claimSessionLease(ctx, { ...target, owner: "wrk_b", now: at(TTL - 1), ttlMs: TTL });
    expect(res).toEqual({ status: "held", lease: { owner: "wrk_a", epoch: 1, leaseUntil: at(TTL).toISOString() } });
  });

  it("lets the owner re-claim, moving the epoch on", async () => {
    const target = await newSession();
    await claimSessionLease(ctx, { ...target, owner: "wrk_a", now: t0, ttlMs: TTL });
    const again = await claimSessionLease(ctx, { ...target, owner: "wrk_a", now: at(1000), ttlMs: TTL });
    expect(again.status === "claimed" && again.lease.epoch).toBe(2);
  });

  it("lets another worker steal an expired lease and fences the old owner out", async () => {
    const target = await newSession();
    await claimSessionLease(ctx, { ...target, owner: "wrk_a", now: t0, ttlMs: TTL });
    const stolen = await claimSessionLease(ctx, { ...target, owner: "wrk_b", now: at(TTL + 1), ttlMs: TTL });
    expect(stolen).toEqual({
      status: "claimed",
      lease: { owner: "wrk_b", epoch: 2, leaseUntil: at(2 * TTL + 1).toISOString() },
    });

    const renew = await renewSessionLease(ctx, { ...target, owner: "wrk_a", epoch: 1, now: at(TTL + 2), ttlMs: TTL });
    expect(renew).toEqual({ status: "lost", lease: stolen.status === "claimed" ? stolen.lease : null });
    expect(await releaseSessionLease(ctx, { ...target, owner: "wrk_a", epoch: 1 })).toBe(false);
  });

  it("renews the owner's lease at the same epoch", async () => {
    const target = await newSession();
    await claimSessionLease(ctx, { ...target, owner: "wrk_a", now: t0, ttlMs: TTL });
    const renew = await renewSessionLease(ctx, { ...target, owner: "wrk_a", epoch: 1, now: at(10_000), ttlMs: TTL });
    expect(renew).toEqual({
      status: "renewed",
      lease: { owner: "wrk_a", epoch: 1, leaseUntil: at(40_000).toISOString() },
    });
    // the renewed lease now outlives the original expiry
    const res = await claimSessionLease(ctx, { ...target, owner: "wrk_b", now: at(TTL + 1), ttlMs: TTL });
    expect(res.status).toBe("held");
  });

  it("refuses a renewal with a stale epoch even from the same owner", async () => {
    const target = await newSession();
    await claimSessionLease(ctx, { ...target, owner: "wrk_a", now: t0, ttlMs: TTL });
    await claimSessionLease(ctx, { ...target, owner: "wrk_a", now: at(1), ttlMs: TTL });
    const renew = await renewSessionLease(ctx, { ...target, owner: "wrk_a", epoch: 1, now: at(2), ttlMs: TTL });
    expect(renew.status).toBe("lost");
  });

  it("releases only for the holder, keeping the epoch for the next claim", async () => {
    const target = await newSession();
    await claimSessionLease(ctx, { ...target, owner: "wrk_a", now: t0, ttlMs: TTL });
    expect(await releaseSessionLease(ctx, { ...target, owner: "wrk_b", epoch: 1 })).toBe(false);
    expect(await releaseSessionLease(ctx, { ...target, owner: "wrk_a", epoch: 1 })).toBe(true);
    expect((await sessions.get(target.tenantId, target.sessionId))?.lease).toEqual({
      owner: null,
      epoch: 1,
      leaseUntil: null,
    });
    const next = await claimSessionLease(ctx, { ...target, owner: "wrk_b", now: at(1), ttlMs: TTL });
    expect(next.status === "claimed" && next.lease).toEqual({
      owner: "wrk_b",
      epoch: 2,
      leaseUntil: at(TTL + 1).toISOString(),
    });
  });

  it("gives the lease to exactly one of several racing workers", async () => {
    const target = await newSession();
    const results = await Promise.all(
      ["wrk_1", "wrk_2", "wrk_3", "wrk_4", "wrk_5"].map((owner) =>
        claimSessionLease(ctx, { ...target, owner, now: t0, ttlMs: TTL }),
      ),
    );
    expect(results.filter((r) => r.status === "claimed")).toHaveLength(1);
    expect(results.filter((r) => r.status === "held")).toHaveLength(4);
  });

  it("reports a missing session instead of creating one", async () => {
    const target = { tenantId: newId("tenant"), sessionId: newId("session") };
    expect(await claimSessionLease(ctx, { ...target, owner: "wrk_a", now: t0, ttlMs: TTL })).toEqual({
      status: "missing",
    });
    expect(await sessions.get(target.tenantId, target.sessionId)).toBeNull();
    expect(await renewSessionLease(ctx, { ...target, owner: "wrk_a", epoch: 1, now: t0, ttlMs: TTL })).toEqual({
      status: "lost",
      lease: null,
    });
  });
});
