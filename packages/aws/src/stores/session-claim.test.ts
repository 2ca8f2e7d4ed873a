import { newId } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { describe, expect, it } from "vitest";
import { createWorkerRegistry } from "../fleet/worker-registry";
import { countSdkCalls, useTestStack } from "../testing/index";
import { claimWantedSession } from "./session-claim";
import { claimSessionLease } from "./session-lease";
import { createSessionStore } from "./session-store";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const sessions = createSessionStore(ctx);
const calls = countSdkCalls([stack.dynamo]);
const TTL = 30_000;

async function newSession(desiredState: "connected" | "disconnected" = "connected") {
  const s = sessionRecord(newId("tenant"), { desiredState, status: "reconnecting", phone: "15550100001" });
  await sessions.create(s);
  return { tenantId: s.tenantId, sessionId: s.id };
}

describe("claiming a session that wants a connection (DynamoDB)", () => {
  it("claims a free lease in one call and returns the session as claimed", async () => {
    const target = await newSession();
    calls.reset();
    const res = await claimWantedSession(ctx, {
      ...target,
      owner: "wrk_a",
      now: new Date(),
      ttlMs: TTL,
      byHeartbeat: true,
    });
    expect(calls.counts()).toEqual({ UpdateItem: 1 });
    expect(res).toMatchObject({
      status: "claimed",
      lease: { owner: "wrk_a", epoch: 1, leaseUntil: null },
      session: {
        id: target.sessionId,
        status: "reconnecting",
        phone: "15550100001",
        lease: { owner: "wrk_a", epoch: 1 },
      },
    });
    expect((await sessions.get(target.tenantId, target.sessionId))?.lease).toEqual({
      owner: "wrk_a",
      epoch: 1,
      leaseUntil: null,
    });
  });

  it("leaves a session that no longer wants a connection untouched", async () => {
    const target = await newSession("disconnected");
    const res = await claimWantedSession(ctx, {
      ...target,
      owner: "wrk_a",
      now: new Date(),
      ttlMs: TTL,
      byHeartbeat: true,
    });
    expect(res).toEqual({ status: "not_wanted" });
    expect((await sessions.get(target.tenantId, target.sessionId))?.lease).toEqual({
      owner: null,
      epoch: 0,
      leaseUntil: null,
    });
  });

  it("reports a missing session", async () => {
    const res = await claimWantedSession(ctx, {
      tenantId: newId("tenant"),
      sessionId: newId("session"),
      owner: "wrk_a",
      now: new Date(),
      ttlMs: TTL,
    });
    expect(res).toEqual({ status: "missing" });
  });

  it("refuses a session a live worker holds, and takes one from a dead holder with the epoch moved on", async () => {
    const now = new Date();
    const registry = createWorkerRegistry(ctx, `t-claim-${newId("worker").slice(-8)}-`, { workerTtlMs: TTL });
    await registry.register(
      { id: "wrk_live", inboxUrl: "http://inbox", capacity: 10, startedAt: now.toISOString() },
      now,
    );
    const held = await newSession();
    await claimSessionLease(ctx, { ...held, owner: "wrk_live", now, ttlMs: TTL, byHeartbeat: true });
    expect(
      await claimWantedSession(ctx, { ...held, owner: "wrk_b", now, ttlMs: TTL, byHeartbeat: true }),
    ).toMatchObject({
      status: "held",
      lease: { owner: "wrk_live", epoch: 1 },
    });

    // a holder without a registry item is dead: its sessions are taken, the epoch moved on
    for (const readFirst of [false, true]) {
      const orphan = await newSession();
      await claimSessionLease(ctx, { ...orphan, owner: "wrk_gone", now, ttlMs: TTL, byHeartbeat: true });
      const res = await claimWantedSession(ctx, {
        ...orphan,
        owner: "wrk_b",
        now,
        ttlMs: TTL,
        byHeartbeat: true,
        readFirst,
      });
      expect(res).toMatchObject({
        status: "claimed",
        lease: { owner: "wrk_b", epoch: 2 },
        session: { lease: { owner: "wrk_b", epoch: 2 }, phone: "15550100001" },
      });
    }
  });
});
