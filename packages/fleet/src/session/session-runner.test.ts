import { DEFAULT_PACING } from "@wharf/contracts";
import { FencedError, MAX_RECONNECT_ATTEMPTS, newId, systemClock } from "@wharf/core";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryEventSink } from "../events/event-sink";
import { AuthStateWriteError } from "@wharf/aws";
import { fakeSocketFactory, MemoryAuthStore, MemoryStateWriter } from "../testing/fakes";
import { SessionRunner, type RunnerOutcome, type SessionRunnerDeps } from "./session-runner";
import { waMessageIdFor } from "./wa-message-id";

const health = { lastConnectedAt: null, lastMessageAt: null, reconnectCount: 0, reconnectsLast5m: 0 };

function setup(extra: Partial<SessionRunnerDeps> = {}) {
  const factory = fakeSocketFactory();
  const events = new MemoryEventSink();
  const state = new MemoryStateWriter();
  const auth = new MemoryAuthStore();
  const outcomes: RunnerOutcome[] = [];
  const runner = new SessionRunner({
    tenantId: newId("tenant"),
    sessionId: newId("session"),
    fence: () => ({ owner: "wrk_test", epoch: 7 }),
    authStore: auth,
    state,
    events,
    makeSocket: factory.make,
    clock: systemClock,
    random: () => 0,
    logger: pino({ level: "silent" }),
    stableOpenMs: 60_000,
    onEnded: (o) => outcomes.push(o),
    ...extra,
  });
  const start = () =>
    runner.start({ status: "connecting", phone: null, health, pacing: DEFAULT_PACING, lastDisconnect: null });
  const statuses = () => events.events.flatMap((e) => (e.type === "session.status" ? [e.data.status] : []));
  const socket = () => factory.sockets.at(-1)!;
  return { factory, events, state, auth, outcomes, runner, start, statuses, socket };
}

/** lets queued runner steps (promise chains) run */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe("SessionRunner (fake socket)", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("does nothing until started, and opens one socket on start", async () => {
    const t = setup();
    expect(t.factory.sockets).toHaveLength(0);
    await t.start();
    expect(t.factory.sockets).toHaveLength(1);
    t.socket().qr();
    await settle();
    expect(t.statuses()).toEqual(["qr"]);
    expect(t.events.events.find((e) => e.type === "session.qr")?.epoch).toBe(7);
  });

  it("ends the old socket and removes its listeners before opening the next one", async () => {
    const t = setup();
    await t.start();
    const first = t.socket();
    first.open();
    await settle();
    first.close(428);
    await settle();
    expect(first.ended).toBe(true);
    expect(first.listeners()).toBe(0);
    expect(t.factory.sockets).toHaveLength(1); // waiting out the backoff (1 s with no jitter)
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.factory.sockets).toHaveLength(2);
    // events from the old socket no longer reach the session
    first.ev.emit("connection.update", { connection: "open" });
    await settle();
    expect(t.statuses().at(-1)).toBe("reconnecting");
  });

  it("restarts at once after 515, asynchronously", async () => {
    const t = setup();
    await t.start();
    t.socket().close(515);
    expect(t.factory.sockets).toHaveLength(1);
    await settle();
    await settle();
    expect(t.factory.sockets).toHaveLength(2);
  });

  it("gives up after the maximum attempts: failed, desired state disconnected, released", async () => {
    const t = setup();
    await t.start();
    for (let i = 0; i < MAX_RECONNECT_ATTEMPTS; i++) {
      t.socket().close(503);
      await vi.advanceTimersByTimeAsync(31_000);
    }
    expect(t.factory.sockets).toHaveLength(MAX_RECONNECT_ATTEMPTS + 1);
    t.socket().close(503);
    await settle();
    await settle();
    expect(t.statuses().at(-1)).toBe("failed");
    expect(t.state.last).toMatchObject({ status: "failed", desiredState: "disconnected" });
    expect(t.outcomes).toEqual([{ kind: "released", status: "failed", handover: false }]);
    expect(t.runner.resources()).toEqual({ timers: 0, listeners: 0, socket: false });
  });

  it("resets the attempt counter after the socket stayed open for a minute", async () => {
    const t = setup();
    await t.start();
    for (let i = 0; i < 3; i++) {
      t.socket().close(503);
      await vi.advanceTimersByTimeAsync(31_000);
    }
    t.socket().open();
    await vi.advanceTimersByTimeAsync(60_000);
    t.socket().close(503);
    await settle();
    // attempt 0 again: the first backoff step (1 s), not the fourth (8 s)
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.factory.sockets).toHaveLength(5);
  });

  it("emits session.unstable once when a fourth reconnect lands inside five minutes", async () => {
    const t = setup();
    await t.start();
    for (let i = 0; i < 5; i++) {
      t.socket().close(515);
      await settle();
      await settle();
    }
    const unstable = t.events.events.filter((e) => e.type === "session.unstable");
    expect(unstable).toHaveLength(1);
    expect(unstable[0]).toMatchObject({ data: { reconnectsLast5m: 4, lastDisconnect: { code: 515 } } });
  });

  it("reports the account's push name with the phone on open, and clears both on logout", async () => {
    const t = setup();
    await t.start();
    t.socket().open("4915100000001:1@s.whatsapp.net", "Acme Support");
    await settle();
    expect(t.state.last).toMatchObject({ status: "open", phone: "4915100000001", accountName: "Acme Support" });
    const opened = t.events.events.find((e) => e.type === "session.status" && e.data.status === "open");
    expect(opened).toMatchObject({ data: { phone: "4915100000001", accountName: "Acme Support" } });

    await t.runner.stop("logout");
    expect(t.state.last).toMatchObject({ status: "logged_out", phone: null, accountName: null });
    expect(t.events.events.at(-1)).toMatchObject({ data: { status: "logged_out", phone: null, accountName: null } });
  });

  it("reports a null account name when WhatsApp sent no push name", async () => {
    const t = setup();
    await t.start();
    t.socket().open();
    await settle();
    expect(t.state.last).toMatchObject({ status: "open", phone: "4915100000001", accountName: null });
  });

  it("releases every timer and listener on stop, and keeps the auth state on disconnect", async () => {
    const t = setup();
    await t.start();
    t.socket().open();
    await settle();
    t.socket().close(428); // a backoff timer is now pending
    await settle();
    await t.runner.stop("disconnect");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.factory.sockets).toHaveLength(1);
    expect(t.runner.resources()).toEqual({ timers: 0, listeners: 0, socket: false });
    expect(t.statuses().at(-1)).toBe("disconnected");
    expect(t.auth.clears).toBe(0);
    expect(t.outcomes).toEqual([{ kind: "released", status: "disconnected", handover: false }]);
  });

  it("stops as failed with a reason when an auth-state write fails", async () => {
    const t = setup();
    await t.start();
    t.socket().open();
    await settle();
    t.runner.handleAuthWriteError(new AuthStateWriteError("DynamoDB said no"));
    await settle();
    await settle();
    expect(t.statuses().at(-1)).toBe("failed");
    expect(t.state.last).toMatchObject({
      status: "failed",
      desiredState: "disconnected",
      lastDisconnect: { reason: "auth_state_write_failed" },
    });
    expect(t.socket().ended).toBe(true);
    expect(t.outcomes).toEqual([{ kind: "released", status: "failed", handover: false }]);
  });

  it.each([
    ["a fenced auth-state write", () => new FencedError({ owner: "wrk_test", epoch: 7 }, "auth-state write")],
    ["a fenced status write", () => new FencedError({ owner: "wrk_test", epoch: 7 }, "session write")],
  ])("closes at once and writes nothing more after %s", async (_name, error) => {
    const t = setup();
    await t.start();
    const writes = t.state.writes.length;
    const err = error();
    if (err.message.startsWith("auth-state write")) t.runner.handleAuthWriteError(err);
    else {
      t.state.fail = err;
      t.socket().open();
    }
    await settle();
    await settle();
    expect(t.socket().ended).toBe(true);
    expect(t.outcomes).toEqual([{ kind: "fenced" }]);
    expect(t.state.writes.length).toBe(writes);
    expect(t.runner.resources()).toEqual({ timers: 0, listeners: 0, socket: false });
  });

  it("does not count the 515 restart that completes a link as a reconnect", async () => {
    const t = setup();
    await t.start();
    for (let i = 0; i < 5; i++) {
      t.socket().qr(`2@ref${i}`);
      await settle();
      t.socket().close(515);
      await settle();
      await settle();
    }
    // the phone linked: Baileys holds the account when the socket opens
    t.socket().open();
    await settle();
    expect(t.events.events.some((e) => e.type === "session.unstable")).toBe(false);
    const opened = t.events.events.filter((e) => e.type === "session.status" && e.data.status === "open").at(-1);
    expect(opened).toMatchObject({ data: { health: { reconnectCount: 0, reconnectsLast5m: 0 } } });
  });

  it("answers Baileys' getMessage for a sent message from the store once it is not in memory", async () => {
    const asked: string[] = [];
    const t = setup({
      sentMessage: async (id) => {
        asked.push(id);
        return { conversation: "from the store" };
      },
    });
    await t.start();
    const messageId = newId("message");
    const getMessage = t.socket().input.getMessage;
    expect(
      await getMessage({ id: waMessageIdFor(messageId), remoteJid: "4915100000001@s.whatsapp.net", fromMe: true }),
    ).toEqual({ conversation: "from the store" });
    expect(asked).toEqual([messageId]);
    // ids Wharf did not make are never looked up
    expect(
      await getMessage({ id: "3EB0FOREIGN", remoteJid: "4915100000001@s.whatsapp.net", fromMe: true }),
    ).toBeUndefined();
    expect(asked).toHaveLength(1);
  });

  it("asks for a pairing code instead of showing QR codes when linking by phone", async () => {
    const t = setup();
    await t.runner.start({
      status: "connecting",
      phone: null,
      health,
      pacing: DEFAULT_PACING,
      lastDisconnect: null,
      connect: { method: "pairing_code", phone: "4915100000001" },
    });
    t.socket().qr();
    await settle();
    t.socket().qr("2@second");
    await settle();
    expect(t.events.events.filter((e) => e.type === "session.pairing_code")).toHaveLength(1);
    expect(t.events.events.some((e) => e.type === "session.qr")).toBe(false);
    expect(t.statuses()).toEqual(["pairing"]);
  });

  const sendCommand = (text = "x") => {
    const messageId = newId("message");
    const cmd = {
      id: newId("command"),
      type: "message.send_text" as const,
      v: 1 as const,
      tenantId: newId("tenant"),
      sessionId: newId("session"),
      epoch: 1,
      at: new Date().toISOString(),
      data: { messageId, to: "4915100000002", text },
    };
    return { messageId, cmd };
  };

  it("refuses a send at once while the session shows a QR (not linked, not logging in)", async () => {
    const t = setup();
    await t.start();
    t.socket().qr();
    await settle();
    const { messageId, cmd } = sendCommand();
    await t.runner.sender.sendText(cmd);
    await settle();
    expect(t.events.events.at(-1)).toMatchObject({
      type: "message.status",
      data: { messageId, status: "failed", failure: { code: "session_not_open" } },
    });
    expect(t.socket().sent).toHaveLength(0);
  });

  it("holds a send while the session logs in and sends it once open", async () => {
    const t = setup();
    await t.start();
    const { messageId, cmd } = sendCommand("after login");
    const sending = t.runner.sender.sendText(cmd);
    await settle();
    expect(t.socket().sent).toHaveLength(0);
    t.socket().open();
    await vi.advanceTimersByTimeAsync(1_000);
    await sending;
    expect(t.socket().sent).toEqual([expect.objectContaining({ text: "after login" })]);
    expect(t.events.events.filter((e) => e.type === "message.status").at(-1)).toMatchObject({
      data: { messageId, status: "sent" },
    });
  });

  it("fails a held send with a reason when the login does not finish in time", async () => {
    const t = setup();
    await t.start();
    const { messageId, cmd } = sendCommand();
    const sending = t.runner.sender.sendText(cmd);
    await vi.advanceTimersByTimeAsync(31_000);
    await sending;
    expect(t.events.events.at(-1)).toMatchObject({
      type: "message.status",
      data: { messageId, status: "failed", failure: { code: "session_not_open" } },
    });
    expect(t.socket().sent).toHaveLength(0);
  });

  it("ignores a connect or QR request for a linked session, and restarts linking for one that is not", async () => {
    const t = setup();
    await t.start();
    t.socket().qr();
    await settle();
    await t.runner.connectWith({ method: "pairing_code", phone: "4915100000001" });
    expect(t.factory.sockets).toHaveLength(2); // not linked yet: a new socket for the code
    t.socket().open();
    await settle();
    t.socket().close(428);
    await settle();
    await t.runner.connectWith({ method: "qr" });
    await t.runner.requestQr();
    expect(t.factory.sockets).toHaveLength(2); // linked: only the backoff timer will reconnect
  });
});
