import { DEFAULT_PACING, type DisconnectInfo, type SessionStatus } from "@wharf/contracts";
import { newId, systemClock } from "@wharf/core";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryEventSink } from "../events/event-sink";
import { fakeSocketFactory, MemoryAuthStore, MemoryStateWriter } from "../testing/fakes";
import { SessionRunner, type RunnerOutcome } from "./session-runner";

const health = { lastConnectedAt: null, lastMessageAt: null, reconnectCount: 0, reconnectsLast5m: 0 };

function setup() {
  const factory = fakeSocketFactory();
  const events = new MemoryEventSink();
  const auth = new MemoryAuthStore();
  const outcomes: RunnerOutcome[] = [];
  const runner = new SessionRunner({
    tenantId: newId("tenant"),
    sessionId: newId("session"),
    fence: () => ({ owner: "wrk_test", epoch: 3 }),
    authStore: auth,
    state: new MemoryStateWriter(),
    events,
    makeSocket: factory.make,
    clock: systemClock,
    random: () => 0,
    logger: pino({ level: "silent" }),
    stableOpenMs: 60_000,
    onEnded: (o) => outcomes.push(o),
  });
  const start = (status: SessionStatus = "connecting", lastDisconnect: DisconnectInfo | null = null) =>
    runner.start({ status, phone: null, health, pacing: DEFAULT_PACING, lastDisconnect });
  const reports = () =>
    events.events.flatMap((e) =>
      e.type === "session.status" ? [{ status: e.data.status, reason: e.data.disconnect?.reason }] : [],
    );
  return { factory, auth, outcomes, start, reports, socket: () => factory.sockets.at(-1)! };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

describe("SessionRunner status truth (fake socket)", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("does not report open for a socket that opened without an account; it links afresh", async () => {
    const t = setup();
    await t.start();
    t.socket().ev.emit("connection.update", { connection: "open" });
    await settle();
    await settle();
    expect(t.reports().map((r) => r.status)).not.toContain("open");
    expect(t.reports().at(-1)).toEqual({ status: "connecting", reason: "not_authenticated" });
    expect(t.auth.clears).toBe(1);
    expect(t.factory.sockets).toHaveLength(2);
  });

  it("gives up after three opens without an account in a row", async () => {
    const t = setup();
    await t.start();
    for (let i = 0; i < 3; i++) {
      t.socket().ev.emit("connection.update", { connection: "open" });
      await settle();
      await settle();
    }
    expect(t.reports().at(-1)).toEqual({ status: "failed", reason: "not_authenticated" });
    expect(t.outcomes).toEqual([{ kind: "released", status: "failed", handover: false }]);
  });

  it("retries a close without a status code at once and fails after three in a row", async () => {
    const t = setup();
    await t.start();
    for (let i = 0; i < 2; i++) {
      t.socket().close();
      await settle();
      await settle();
    }
    expect(t.factory.sockets).toHaveLength(3);
    t.socket().close();
    await settle();
    await settle();
    expect(
      t
        .reports()
        .filter((r) => r.reason === "connection_crashed")
        .map((r) => r.status),
    ).toEqual(["reconnecting", "reconnecting", "failed"]);
    expect(t.outcomes).toEqual([{ kind: "released", status: "failed", handover: false }]);
  });

  it("counts crashes only in a row: an open in between starts over", async () => {
    const t = setup();
    await t.start();
    for (let i = 0; i < 4; i++) {
      t.socket().close();
      await settle();
      await settle();
      if (i === 1) {
        t.socket().open();
        await settle();
      }
    }
    expect(t.reports().at(-1)?.status).toBe("reconnecting");
    expect(t.outcomes).toEqual([]);
  });

  it("replaces creds a socket left without an account id before the next socket", async () => {
    const t = setup();
    await t.start();
    // what Baileys does when a server lets an unlinked device in: `me` with a lid and no id
    t.socket().ev.emit("creds.update", { me: { lid: "1:1@lid" } });
    t.socket().close();
    await settle();
    await settle();
    expect(t.socket().input.auth.creds.me).toBeUndefined();
    expect(t.reports().at(-1)).toEqual({ status: "connecting", reason: "stored_creds_incomplete" });
  });

  it("links afresh on connect after the session failed on crashes", async () => {
    const t = setup();
    t.auth.creds = { stored: "before" };
    const at = new Date().toISOString();
    await t.start("failed", { code: null, reason: "connection_crashed", message: "m", at });
    expect(t.auth.clears).toBe(1);
    expect(t.reports().at(0)?.status).toBe("connecting");
  });
});
