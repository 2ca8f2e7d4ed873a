import { describe, expect, it } from "vitest";
import { SOCKET_ACTIVE_STATUSES } from "@wharf/contracts";
import { REPORTED_SESSION_STATUSES } from "../metrics/names";
import { loadMetrics, MAX_SEND_LATENCIES, msUntilNextReport, WorkerCounters, workerReportPuts } from "./load-report";
import { PROTECTION_MINUTES, protectionAction } from "./task-protection";

describe("protectionAction", () => {
  const now = 1_000_000;
  it("protects a worker once it holds a session", () => {
    expect(protectionAction({ protectedUntilMs: null }, 1, false, now)).toBe("protect");
    expect(protectionAction({ protectedUntilMs: null }, 0, false, now)).toBe("none");
  });

  it("renews in the last third of the window only", () => {
    const until = now + PROTECTION_MINUTES * 60_000;
    expect(protectionAction({ protectedUntilMs: until }, 5, false, now)).toBe("none");
    expect(protectionAction({ protectedUntilMs: until }, 5, false, until - 60_000)).toBe("protect");
  });

  it("releases when the worker is empty or draining", () => {
    expect(protectionAction({ protectedUntilMs: now + 1 }, 0, false, now)).toBe("release");
    expect(protectionAction({ protectedUntilMs: now + 1 }, 9, true, now)).toBe("release");
  });
});

describe("load report", () => {
  it("reports sessions held and capacity, plus counters the worker keeps", () => {
    expect(loadMetrics({ sessions: 3, capacity: 500 }).map((m) => [m.name, m.value])).toEqual([
      ["SessionsHeld", 3],
      ["SessionCapacity", 500],
    ]);
    expect(loadMetrics({ sessions: 3, capacity: 500, claims: 2, reconnects: 1 }).map((m) => m.name)).toEqual([
      "SessionsHeld",
      "SessionCapacity",
      "PlacementClaims",
      "Reconnects",
    ]);
  });

  it("schedules reports mid-minute", () => {
    expect(msUntilNextReport(Date.parse("2026-11-30T14:00:10Z"))).toBe(20_000);
    expect(msUntilNextReport(Date.parse("2026-11-30T14:00:30Z"))).toBe(60_000);
    expect(msUntilNextReport(Date.parse("2026-11-30T14:00:45Z"))).toBe(45_000);
  });
});

describe("worker report", () => {
  it("reports Sessions under exactly the statuses a worker holds sessions in", () => {
    expect([...REPORTED_SESSION_STATUSES]).toEqual([...SOCKET_ACTIVE_STATUSES]);
  });

  it("puts the load, one Sessions line per status (zeros too) and send latencies in lines of 100", () => {
    const latencies = Array.from({ length: 150 }, (_, i) => i);
    const puts = workerReportPuts({
      sessions: 2,
      capacity: 10,
      claims: 1,
      reconnects: 0,
      byStatus: { open: 2 },
      sendLatencyMs: latencies,
    });
    expect(puts[0]!.dimensions).toEqual({});
    expect(puts[0]!.metrics.map((m) => [m.name, m.value])).toEqual([
      ["SessionsHeld", 2],
      ["SessionCapacity", 10],
      ["PlacementClaims", 1],
      ["Reconnects", 0],
    ]);
    expect(puts.slice(1, 6).map((p) => [p.dimensions.Status, p.metrics[0]!.value])).toEqual([
      ["connecting", 0],
      ["qr", 0],
      ["pairing", 0],
      ["open", 2],
      ["reconnecting", 0],
    ]);
    expect(puts.slice(6).map((p) => [p.metrics[0]!.name, (p.metrics[0]!.value as number[]).length])).toEqual([
      ["SendLatency", 100],
      ["SendLatency", 50],
    ]);
    expect(puts).toHaveLength(8);
  });

  it("counts between takes, resets on take, and keeps a bounded sample of latencies", () => {
    const counters = new WorkerCounters(() => 0);
    counters.placementClaimed();
    counters.reconnected();
    counters.reconnected();
    counters.sent(120.4);
    counters.sent(-5);
    counters.sent(Number.NaN);
    expect(counters.take()).toEqual({ claims: 1, reconnects: 2, sendLatencyMs: [120, 0] });
    expect(counters.take()).toEqual({ claims: 0, reconnects: 0, sendLatencyMs: [] });
    for (let i = 0; i < MAX_SEND_LATENCIES + 50; i++) counters.sent(i);
    const { sendLatencyMs } = counters.take();
    expect(sendLatencyMs).toHaveLength(MAX_SEND_LATENCIES);
    // random() = 0 replaces the first slot with each later value: the last one stays
    expect(sendLatencyMs[0]).toBe(MAX_SEND_LATENCIES + 49);
  });
});
