import { describe, expect, it } from "vitest";
import { FencedError } from "../errors";
import { newId } from "../ids";
import { describeFleetContract } from "./fleet-contract";
import { sessionRecord } from "./fixtures";
import {
  InMemoryCommandLedger,
  InMemoryOrphanedSessions,
  InMemorySessionOwnerState,
  InMemoryWorkerRegistries,
} from "./in-memory-fleet";

describeFleetContract("in-memory", async () => {
  const registries = new InMemoryWorkerRegistries();
  return { registryFor: (fleet) => registries.forFleet(fleet), ledger: new InMemoryCommandLedger() };
});

describe("in-memory owner state", () => {
  it("writes only under the current lease, else FencedError", async () => {
    const s = sessionRecord(newId("tenant"), {
      lease: { owner: "wrk_a", epoch: 2, leaseUntil: new Date().toISOString() },
    });
    const state = new InMemorySessionOwnerState(() => s);
    const target = { tenantId: s.tenantId, sessionId: s.id };
    await state.write(target, { owner: "wrk_a", epoch: 2 }, { status: "open" }, new Date());
    expect(s.status).toBe("open");
    await expect(
      state.write(target, { owner: "wrk_a", epoch: 1 }, { status: "failed" }, new Date()),
    ).rejects.toBeInstanceOf(FencedError);
    expect(s.status).toBe("open");
  });
});

describe("in-memory orphaned sessions", () => {
  it("finds sessions that want a connection without a live lease", async () => {
    const now = new Date();
    const t = newId("tenant");
    const orphan = sessionRecord(t, { desiredState: "connected" });
    const live = sessionRecord(t, {
      desiredState: "connected",
      lease: { owner: "w", epoch: 1, leaseUntil: new Date(now.getTime() + 1_000).toISOString() },
    });
    const idle = sessionRecord(t);
    const found = [];
    for await (const page of new InMemoryOrphanedSessions(() => [orphan, live, idle], 2).pages(now))
      found.push(...page.sessions);
    expect(found).toEqual([
      { tenantId: t, sessionId: orphan.id, epoch: 0, status: orphan.status, lastDisconnectReason: null },
    ]);
  });
});

describe("in-memory orphaned sessions with heartbeat liveness", () => {
  it("keeps a live owner's sessions past their claim-time lease and lists them once the owner is dead", async () => {
    const now = new Date();
    const t = newId("tenant");
    const lapsed = new Date(now.getTime() - 60_000).toISOString();
    const ofLive = sessionRecord(t, {
      desiredState: "connected",
      lease: { owner: "wrk_live", epoch: 3, leaseUntil: null },
    });
    const ofDead = sessionRecord(t, {
      desiredState: "connected",
      lease: { owner: "wrk_dead", epoch: 2, leaseUntil: lapsed },
    });
    const source = new InMemoryOrphanedSessions(
      () => [ofLive, ofDead],
      10,
      (owner) => owner === "wrk_live",
    );
    const found = [];
    for await (const page of source.pages(now)) found.push(...page.sessions.map((o) => o.sessionId));
    expect(found).toEqual([ofDead.id]);
  });
});
