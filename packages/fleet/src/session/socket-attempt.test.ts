import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeSocketFactory, MemoryAuthStore } from "../testing/fakes";
import { SocketSlot } from "./socket-attempt";

function setup() {
  const factory = fakeSocketFactory();
  const updates: unknown[] = [];
  const slot = new SocketSlot({
    makeSocket: factory.make,
    authStore: new MemoryAuthStore(),
    logger: pino({ level: "silent" }),
    nowMs: () => 0,
    getMessage: async () => undefined,
    onConnection: (update) => updates.push(update),
    onCredsDiscarded: async () => undefined,
    messages: { emit: async () => undefined, onMessage: () => undefined, now: () => new Date(0) },
  });
  return { factory, updates, slot };
}

describe("SocketSlot", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("removes the old socket's listeners and ends it before the next socket is made", async () => {
    const t = setup();
    await t.slot.replace(() => true);
    const first = t.factory.sockets[0]!;
    expect(first.listeners()).toBeGreaterThan(0);
    await t.slot.replace(() => true);
    expect(first.ended).toBe(true);
    expect(first.listeners()).toBe(0);
    first.qr();
    t.factory.sockets[1]!.qr("2@second");
    expect(t.updates).toEqual([{ qr: "2@second" }]);
  });

  it("makes no socket when it is no longer wanted", async () => {
    const t = setup();
    expect(await t.slot.replace(() => false)).toBe(false);
    expect(t.factory.sockets).toHaveLength(0);
    expect(t.slot.attempt).toBeNull();
  });

  it("does not wait more than three seconds for a socket that never ends", async () => {
    const t = setup();
    await t.slot.replace(() => true);
    const sock = t.factory.sockets[0]!;
    sock.end = () => new Promise<void>(() => undefined);
    let closed = false;
    void t.slot.close().then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(2_999);
    expect(closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(closed).toBe(true);
    expect(sock.listeners()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
