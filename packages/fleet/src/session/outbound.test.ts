import type { WASocket } from "@whiskeysockets/baileys";
import { DEFAULT_PACING, type SendTextCommand } from "@wharf/contracts";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { MemoryEventSink } from "../events/event-sink";
import { OutboundSender } from "./outbound";
import { ReconnectTracker } from "./reconnects";
import { SessionReport } from "./session-report";
import { HealthTracker } from "./health";
import { TimerBag } from "./timers";

const U = "01JGZ8X7Y3M4N5P6Q7R8S9T0VW";
const tenantId = `ten_${U}`;
const sessionId = `ses_${U}`;

function command(requestId?: string): SendTextCommand {
  return {
    id: `cmd_${U}`,
    type: "message.send_text",
    v: 1,
    tenantId,
    sessionId,
    epoch: 4,
    at: "2030-01-01T00:00:00.000Z",
    ...(requestId ? { requestId } : {}),
    data: { messageId: `msg_${U}`, to: "4915112345678", text: "hello" },
  };
}

/** The sender over the runner's real report (envelope, outbox) and a socket that takes every message. */
function setup(open: boolean) {
  let nowMs = Date.parse("2030-01-01T00:00:01.250Z");
  const clock = { now: () => new Date(nowMs) };
  const events = new MemoryEventSink();
  const report = new SessionReport({
    tenantId,
    sessionId,
    fence: () => ({ owner: "wrk_1", epoch: 4 }),
    state: { write: async () => undefined },
    events,
    clock,
    logger: pino({ level: "silent" }),
  });
  const latencies: number[] = [];
  const socket = {
    sendMessage: async () => {
      nowMs += 250;
      return { message: { conversation: "hello" } };
    },
    sendPresenceUpdate: async () => undefined,
  } as unknown as WASocket;
  const sender = new OutboundSender(
    {
      socket: () => socket,
      isOpen: () => open,
      now: () => clock.now(),
      emit: (e) => report.emit(e),
      onMessage: () => undefined,
      sleep: async () => true,
      sent: (ms) => latencies.push(ms),
    },
    { ...DEFAULT_PACING, typingSimulation: false },
  );
  return { sender, report, events, latencies };
}

describe("a send's events and latency", () => {
  it("marks the sent status with the API request id and reports POST → sent", async () => {
    const { sender, report, events, latencies } = setup(true);
    await sender.sendText(command("req-send-1"));
    await report.flushed();
    expect(events.events).toEqual([
      expect.objectContaining({
        type: "message.status",
        requestId: "req-send-1",
        epoch: 4,
        data: expect.objectContaining({ status: "sent" }),
      }),
    ]);
    // accepted at 00:00:00.000, WhatsApp took it at 00:00:01.500
    expect(latencies).toEqual([1_500]);
  });

  it("marks a failed send with the request id and reports no latency", async () => {
    const { sender, report, events, latencies } = setup(false);
    await sender.sendText(command("req-send-2"));
    await report.flushed();
    expect(events.events).toEqual([
      expect.objectContaining({
        type: "message.status",
        requestId: "req-send-2",
        data: expect.objectContaining({
          status: "failed",
          failure: expect.objectContaining({ code: "session_not_open" }),
        }),
      }),
    ]);
    expect(latencies).toEqual([]);
  });

  it("leaves the request id out of events no request caused", async () => {
    const { sender, report, events } = setup(true);
    await sender.sendText(command());
    report.emit({ type: "session.unstable", data: { reconnectsLast5m: 1, reconnectCount: 1, lastDisconnect: null } });
    await report.flushed();
    for (const e of events.events) expect(e).not.toHaveProperty("requestId");
  });

  it("carries the request id on the status a command moved the session to", async () => {
    const { report, events } = setup(true);
    report.resume({
      status: "open",
      phone: null,
      health: { lastConnectedAt: null, lastMessageAt: null, reconnectCount: 0, reconnectsLast5m: 0 },
      pacing: DEFAULT_PACING,
      lastDisconnect: null,
    });
    await report.moveTo({ type: "disconnect_requested" }, {}, "disconnected", "req-off-1");
    await report.flushed();
    expect(events.events).toEqual([
      expect.objectContaining({
        type: "session.status",
        requestId: "req-off-1",
        data: expect.objectContaining({ status: "disconnected" }),
      }),
    ]);
  });
});

describe("sends while the session logs in", () => {
  it("share one bounded wait: a session that stays down fails the queued sends together", async () => {
    let nowMs = Date.parse("2030-01-01T00:00:01.000Z");
    let sleeps = 0;
    const failed: string[] = [];
    const sender = new OutboundSender(
      {
        socket: () => ({}) as WASocket,
        isOpen: () => false,
        opening: () => true,
        now: () => new Date(nowMs),
        emit: (e) => {
          if (e.type === "message.status" && e.data.status === "failed") failed.push(e.data.failure?.code ?? "");
        },
        onMessage: () => undefined,
        sleep: async (ms) => {
          sleeps++;
          nowMs += ms;
          return true;
        },
      },
      { ...DEFAULT_PACING, typingSimulation: false },
    );
    await sender.sendText(command());
    const firstWait = sleeps;
    expect(firstWait).toBe(120); // 30 s in 250 ms steps
    await sender.sendText(command());
    await sender.sendText(command());
    expect(sleeps).toBe(firstWait);
    expect(failed).toEqual(["session_not_open", "session_not_open", "session_not_open"]);
  });
});

describe("reconnect counting", () => {
  it("counts each close the policy retries, not a close that completes a link or ends the session", () => {
    let reconnects = 0;
    const health = new HealthTracker({
      lastConnectedAt: null,
      lastMessageAt: null,
      reconnectCount: 0,
      reconnectsLast5m: 0,
    });
    const timers = new TimerBag();
    const tracker = new ReconnectTracker({
      random: () => 0,
      now: () => new Date("2030-01-01T00:00:00.000Z"),
      stableOpenMs: 60_000,
      timers,
      health: () => health,
      logger: pino({ level: "silent" }),
      counters: { reconnected: () => void reconnects++ },
    });
    const closed = (code: number, linkStep = false) =>
      tracker.closed(Object.assign(new Error("closed"), { output: { statusCode: code } }), () => linkStep);
    expect(closed(428).retrying).toBe(true); // connection closed: reconnect
    expect(closed(408).retrying).toBe(true); // timed out: reconnect
    expect(reconnects).toBe(2);
    expect(closed(515, true).retrying).toBe(true); // restart after pairing: a link step
    expect(reconnects).toBe(2);
    expect(closed(401).retrying).toBe(false); // logged out: the session ends
    expect(reconnects).toBe(2);
    timers.clear();
  });
});
