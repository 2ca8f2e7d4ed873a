import { afterEach, describe, expect, it, vi } from "vitest";
import { OpenShaper } from "./open-shaper";

describe("OpenShaper", () => {
  it("keeps at most maxInFlight starts unsettled and lets the next one in when one settles", async () => {
    const shaper = new OpenShaper({ maxInFlight: 2, perSecond: 1_000 });
    const settled = [false, false, false];
    const started: number[] = [];
    const runs = [0, 1, 2].map((i) =>
      shaper.run(
        async () => void started.push(i),
        () => settled[i]!,
      ),
    );
    await Promise.all(runs.slice(0, 2));
    expect(started).toEqual([0, 1]);
    expect(shaper.starting).toBe(2);
    settled[0] = true;
    await runs[2];
    expect(started).toEqual([0, 1, 2]);
  });

  it("spaces starts by its token bucket once the burst is spent", async () => {
    const shaper = new OpenShaper({ maxInFlight: 100, perSecond: 20, burst: 20 });
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 30 }, () =>
        shaper.run(
          async () => undefined,
          () => true,
        ),
      ),
    );
    // 20 in the first burst, the other 10 at 20 per second
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
  });

  it("spreads a burst of claims over the loop's turns: no more than its small bucket starts in one turn", async () => {
    // 400 a second: the bucket holds one 25 ms tick's worth, 10 starts
    const shaper = new OpenShaper({ maxInFlight: 100, perSecond: 400 });
    // the loop's turns, counted by a chain of immediates
    let turn = 0;
    let counting = true;
    const count = () => {
      turn++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const startsInTurn = new Map<number, number>();
    await Promise.all(
      Array.from({ length: 50 }, () =>
        shaper.run(
          async () => void startsInTurn.set(turn, (startsInTurn.get(turn) ?? 0) + 1),
          () => true,
        ),
      ),
    );
    counting = false;
    expect([...startsInTurn.values()].reduce((a, b) => a + b, 0)).toBe(50);
    expect(Math.max(...startsInTurn.values())).toBeLessThanOrEqual(10);
  });

  it("frees the slot of a start that throws", async () => {
    const shaper = new OpenShaper({ maxInFlight: 1, perSecond: 1_000 });
    await expect(
      shaper.run(
        () => Promise.reject(new Error("boom")),
        () => false,
      ),
    ).rejects.toThrow("boom");
    expect(shaper.starting).toBe(0);
    await shaper.run(
      async () => undefined,
      () => true,
    );
  });
});

describe("OpenShaper's window follows the event loop", () => {
  const pending = (shaper: OpenShaper, n: number, settled: boolean[]) =>
    Array.from({ length: n }, (_, i) =>
      shaper.run(
        async () => undefined,
        () => settled[i] === true,
      ),
    );

  it("grows the window of starts in flight while the loop keeps up", async () => {
    const shaper = new OpenShaper({ maxInFlight: 64, perSecond: 10_000, lag: () => 0 });
    const first = shaper.allowed;
    const settled = Array.from({ length: 40 }, () => false);
    void pending(shaper, 40, settled);
    await expect.poll(() => shaper.starting, { timeout: 5_000 }).toBeGreaterThan(first);
    expect(shaper.allowed).toBeGreaterThan(first);
    settled.fill(true, 0, 40);
  });

  it("shrinks the window when the loop lags, and starts nothing new beyond it", async () => {
    let lagMs = 0;
    const shaper = new OpenShaper({ maxInFlight: 64, perSecond: 10_000, targetLagMs: 40, lag: () => lagMs });
    const settled = Array.from({ length: 40 }, () => false);
    void pending(shaper, 40, settled);
    await expect.poll(() => shaper.allowed, { timeout: 5_000 }).toBeGreaterThanOrEqual(12);
    lagMs = 500;
    await expect.poll(() => shaper.allowed, { timeout: 5_000 }).toBe(4);
    const inFlight = shaper.starting;
    // the starts in flight settle: only the floor of four may follow while the loop still lags
    settled.fill(true, 0, inFlight);
    await expect.poll(() => shaper.starting, { timeout: 5_000 }).toBe(4);
    expect(shaper.allowed).toBe(4);
    settled.fill(true, 0, 40);
  });

  it("starts nothing beyond the floor into a lagging loop when slots free up", async () => {
    let lagMs = 0;
    const shaper = new OpenShaper({ maxInFlight: 16, perSecond: 10_000, targetLagMs: 40, lag: () => lagMs });
    const settled = Array.from({ length: 40 }, () => false);
    void pending(shaper, 40, settled);
    await expect.poll(() => shaper.starting, { timeout: 5_000 }).toBe(16);
    // the loop turns late just as ten handshakes settle: their slots stay empty
    lagMs = 500;
    settled.fill(true, 0, 10);
    await expect.poll(() => shaper.starting, { timeout: 5_000 }).toBe(6);
    await new Promise((r) => setTimeout(r, 150));
    expect(shaper.starting).toBe(6);
    // on time again: starts resume
    lagMs = 0;
    await expect.poll(() => shaper.starting, { timeout: 5_000 }).toBeGreaterThan(6);
    settled.fill(true, 0, 40);
  });
});

describe("OpenShaper's handshake window (sockets waiting for the server's hello)", () => {
  afterEach(() => void vi.useRealTimers());

  /** n starts; `hello(i)` is start i's server hello arriving (with `openOnHello`, its session then settles too) */
  const handshakes = (shaper: OpenShaper, n: number, openOnHello = false) => {
    let started = 0;
    const arrived: Array<() => void> = [];
    const got = Array.from({ length: n }, () => false);
    const hellos = Array.from({ length: n }, (_, i) => new Promise<void>((r) => (arrived[i] = r)));
    for (let i = 0; i < n; i++)
      void shaper.run(
        async () => void started++,
        () => openOnHello && got[i]!,
        () => hellos[i]!,
      );
    return {
      started: () => started,
      hello: (i: number) => {
        got[i] = true;
        arrived[i]!();
      },
    };
  };

  it("lets two starts wait for their hello at first, and the next one in as soon as a hello arrives", async () => {
    vi.useFakeTimers();
    const shaper = new OpenShaper({ perSecond: 10_000, lag: () => 0 });
    const h = handshakes(shaper, 10);
    await vi.advanceTimersByTimeAsync(0);
    // hellos that arrive together run their certificate checks in one turn: two at first
    expect(h.started()).toBe(2);
    expect(shaper.handshaking).toBe(2);
    expect(shaper.starting).toBe(2);
    // the next start follows the hello at once, not on the next watch tick
    h.hello(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.started()).toBe(3);
    expect(shaper.handshaking).toBe(2);
    // a calm loop widens the window by one a tick while it is full
    await vi.advanceTimersByTimeAsync(100);
    expect(shaper.allowedHandshakes).toBeGreaterThan(2);
    expect(h.started()).toBe(2 + shaper.allowedHandshakes - 1);
  });

  it("keeps two hellos awaited at most while the loop lags", async () => {
    vi.useFakeTimers();
    let lagMs = 0;
    const shaper = new OpenShaper({ perSecond: 10_000, targetLagMs: 40, lag: () => lagMs });
    const h = handshakes(shaper, 20, true);
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(100);
    const widened = shaper.allowedHandshakes;
    expect(widened).toBeGreaterThan(2);
    lagMs = 500;
    await vi.advanceTimersByTimeAsync(100);
    expect(shaper.allowedHandshakes).toBe(2);
    // the hellos of those already started arrive: only two follow, then none until their own hello
    const before = h.started();
    for (let i = 0; i < before; i++) h.hello(i);
    await vi.advanceTimersByTimeAsync(100);
    expect(h.started()).toBe(before + 2);
    expect(shaper.handshaking).toBe(2);
    // the in-flight window (start to settled) is not what holds them back
    expect(shaper.starting).toBeLessThanOrEqual(shaper.allowed);
  });

  it("frees the handshake slot of a start that settles or throws", async () => {
    vi.useFakeTimers();
    const shaper = new OpenShaper({ perSecond: 10_000, lag: () => 0 });
    await expect(
      shaper.run(
        () => Promise.reject(new Error("boom")),
        () => false,
        () => new Promise<void>(() => undefined),
      ),
    ).rejects.toThrow("boom");
    await shaper.run(
      async () => undefined,
      () => true,
      () => new Promise<void>(() => undefined),
    );
    expect(shaper.handshaking).toBe(0);
    expect(shaper.starting).toBe(0);
  });
});
