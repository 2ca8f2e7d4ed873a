import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/http";
import { FakeSocket, frame, messageId, messageStatusData, realtimeToken, sessionId, statusData } from "../test/fakes";
import { backoffDelay, DEFAULT_BACKOFF, RealtimeClient, type RealtimeState } from "./client";
import type { Frame } from "./frames";

const token = (n = 1) => realtimeToken(n);

function setup(mint: () => Promise<ReturnType<typeof token>>) {
  const states: RealtimeState[] = [];
  const frames: Frame[] = [];
  const mintToken = vi.fn(mint);
  const client = new RealtimeClient({
    mintToken,
    fallbackUrl: "wss://rt.example/ws",
    createSocket: (url) => new FakeSocket(url),
    random: () => 0.5,
  });
  client.onState((s) => states.push(s));
  client.subscribe((f) => frames.push(f));
  return { client, states, frames, mintToken };
}

/** Lets the awaited token promise settle inside fake time. */
const flush = () => vi.advanceTimersByTimeAsync(0);

describe("RealtimeClient", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
  });
  afterEach(() => vi.useRealTimers());

  it("mints a token, connects with it and delivers valid frames", async () => {
    let n = 0;
    const { client, states, frames } = setup(async () => token(++n));
    client.start();
    await flush();
    expect(FakeSocket.latest().url).toBe("wss://rt.example/ws?token=tok-1");
    FakeSocket.latest().open();
    expect(states).toEqual(["connecting", "open"]);

    FakeSocket.latest().frame(
      frame("connection:status", sessionId(1), statusData({ status: "open", phone: "4915123456789" })),
    );
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({
      type: "connection:status",
      sessionId: sessionId(1),
      data: { status: "open", phone: "4915123456789" },
    });
    client.stop();
  });

  it("uses the URL the token response names", async () => {
    const { client } = setup(async () => ({ ...token(), url: "wss://other.example/socket?x=1" }));
    client.start();
    await flush();
    expect(FakeSocket.latest().url).toBe("wss://other.example/socket?x=1&token=tok-1");
    client.stop();
  });

  it("reconnects after a drop with exponential backoff and a fresh token each time", async () => {
    let n = 0;
    const { client, states, mintToken } = setup(async () => token(++n));
    const resyncs = vi.fn();
    client.onResync(resyncs);
    client.start();
    await flush();
    FakeSocket.latest().open();

    FakeSocket.latest().drop();
    expect(client.getState()).toBe("reconnecting");
    const first = backoffDelay(1, DEFAULT_BACKOFF, () => 0.5);
    expect(first).toBe(1500);
    await vi.advanceTimersByTimeAsync(first - 1);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(2);
    expect(FakeSocket.latest().url).toContain("token=tok-2");

    // the second socket never opens: the next wait doubles
    FakeSocket.latest().drop();
    await vi.advanceTimersByTimeAsync(backoffDelay(2, DEFAULT_BACKOFF, () => 0.5) - 1);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(3);

    FakeSocket.latest().open();
    expect(client.getState()).toBe("open");
    expect(resyncs).toHaveBeenCalledOnce();
    expect(mintToken).toHaveBeenCalledTimes(3);
    expect(states).toEqual(["connecting", "open", "reconnecting", "open"]);
    client.stop();
  });

  it("caps the backoff at 30 s plus jitter", () => {
    expect(backoffDelay(20, DEFAULT_BACKOFF, () => 0)).toBe(30_000);
    expect(backoffDelay(20, DEFAULT_BACKOFF, () => 0.999)).toBe(30_999);
  });

  it("resets the backoff once a connection opens", async () => {
    const { client } = setup(async () => token());
    client.start();
    await flush();
    FakeSocket.latest().drop();
    await vi.advanceTimersByTimeAsync(1500);
    FakeSocket.latest().drop();
    await vi.advanceTimersByTimeAsync(2500);
    FakeSocket.latest().open();
    FakeSocket.latest().drop();
    await vi.advanceTimersByTimeAsync(1500);
    expect(FakeSocket.all).toHaveLength(4);
    client.stop();
  });

  it("retries with backoff when minting a token fails with a server error", async () => {
    let calls = 0;
    const { client } = setup(async () => {
      if (++calls === 1) throw new ApiError(503, "internal", "unavailable");
      return token(calls);
    });
    client.start();
    await flush();
    expect(client.getState()).toBe("reconnecting");
    expect(FakeSocket.all).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1500);
    expect(FakeSocket.all).toHaveLength(1);
    client.stop();
  });

  it("reports unavailable when the server has no realtime endpoint, and looks again later", async () => {
    let calls = 0;
    const { client } = setup(async () => {
      if (++calls === 1) throw new ApiError(404, "route_not_found", "no route");
      return token(calls);
    });
    client.start();
    await flush();
    expect(client.getState()).toBe("unavailable");
    await vi.advanceTimersByTimeAsync(59_999);
    expect(FakeSocket.all).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(1);
    client.stop();
  });

  it("stops for good when the key is refused", async () => {
    const { client } = setup(async () => {
      throw new ApiError(401, "unauthorized", "invalid API key");
    });
    client.start();
    await flush();
    expect(client.getState()).toBe("stopped");
    await vi.advanceTimersByTimeAsync(120_000);
    expect(FakeSocket.all).toHaveLength(0);
  });

  it("does not reconnect after stop, even when the old socket closes late", async () => {
    const { client } = setup(async () => token());
    client.start();
    await flush();
    const socket = FakeSocket.latest();
    socket.open();
    client.stop();
    expect(socket.closed).toBe(true);
    socket.drop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(client.getState()).toBe("stopped");
  });

  it("drops duplicate frames by id and ignores malformed ones", async () => {
    const { client, frames } = setup(async () => token());
    client.start();
    await flush();
    const socket = FakeSocket.latest();
    socket.open();
    const f = frame("message:status", sessionId(1), messageStatusData({ messageId: messageId(1), status: "read" }));
    socket.frame(f);
    socket.frame(f);
    socket.frame("not json");
    socket.frame({ ...f, id: "evt_other", type: "unknown:type" });
    socket.frame({ ...frame("connection:status", sessionId(1), statusData({ status: "bogus" as "open" })) });
    socket.frame({ ...f, id: "evt_x", tenantId: "nope" });
    expect(frames).toHaveLength(1);
    client.stop();
  });

  it("reconnectNow skips the backoff wait", async () => {
    const { client } = setup(async () => token());
    client.start();
    await flush();
    FakeSocket.latest().drop();
    client.reconnectNow();
    await flush();
    expect(FakeSocket.all).toHaveLength(2);
    client.stop();
  });

  it("pings an open connection so idle timeouts do not close it", async () => {
    const { client } = setup(async () => token());
    client.start();
    await flush();
    const socket = FakeSocket.latest();
    socket.open();
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(socket.sent).toEqual([JSON.stringify({ action: "ping" })]);
    client.stop();
  });
});
