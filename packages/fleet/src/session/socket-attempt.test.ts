import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeSocketFactory, MemoryAuthStore } from "../testing/fakes";
import { SocketSlot } from "./socket-attempt";

/** a store whose creds reads are counted and each answered when the test says so */
class HeldCredsStore extends MemoryAuthStore {
  readonly reads: Array<() => void> = [];
  override readCreds() {
    return new Promise<unknown>((resolve) => this.reads.push(() => resolve(this.creds)));
  }
}

function setup(authStore: MemoryAuthStore = new MemoryAuthStore()) {
  const factory = fakeSocketFactory();
  const updates: unknown[] = [];
  const slot = new SocketSlot({
    makeSocket: factory.make,
    authStore,
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

  it("makes its first socket with the auth state preloaded before it, read once", async () => {
    const store = new HeldCredsStore();
    const t = setup(store);
    t.slot.preload();
    t.slot.preload();
    expect(store.reads).toHaveLength(1);
    const replaced = t.slot.replace(() => true);
    store.reads[0]!();
    expect(await replaced).toBe(true);
    expect(store.reads).toHaveLength(1);
    expect(t.factory.sockets).toHaveLength(1);
    expect(t.slot.auth).not.toBeNull();
  });

  it("reads the auth state again when the preload failed, and not at all once cleared before it lands", async () => {
    const failing = new MemoryAuthStore();
    failing.readCreds = () => Promise.reject(new Error("dynamodb unreachable"));
    const t = setup(failing);
    t.slot.preload();
    // the socket's own load reads again and reports the failure itself
    await expect(t.slot.replace(() => true)).rejects.toThrow("dynamodb unreachable");

    const store = new HeldCredsStore();
    const u = setup(store);
    u.slot.preload();
    await u.slot.clearAuth();
    const replaced = u.slot.replace(() => true);
    await vi.advanceTimersByTimeAsync(0);
    // the cleared state is read afresh: the preloaded read is dropped
    expect(store.reads).toHaveLength(2);
    for (const read of store.reads) read();
    expect(await replaced).toBe(true);
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
