import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmfMetrics, METRIC_NAMESPACE, noTaskProtection, WorkerCounters, type MetricValue } from "@wharf/core";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startFleetOps, type FleetOps } from "./fleet-ops";
import { heartbeatFresh } from "./heartbeat";

let ops: FleetOps | null = null;
afterEach(() => {
  ops?.stop();
  ops = null;
  vi.useRealTimers();
});

function worker(stats: { sessions: number; capacity: number; draining: boolean }) {
  return { id: "wrk_test", stats: () => stats };
}

describe("startFleetOps", () => {
  it("keeps a heartbeat file fresh while running and removes it on stop", () => {
    const file = join(mkdtempSync(join(tmpdir(), "wharf-hb-")), "hb");
    const protection = { protect: vi.fn(async () => undefined), release: vi.fn(async () => undefined) };
    ops = startFleetOps({
      worker: worker({ sessions: 0, capacity: 10, draining: false }),
      metrics: { put: () => undefined },
      protection,
      logger: pino({ level: "silent" }),
      heartbeatFile: file,
    });
    expect(heartbeatFresh(file, Date.now())).toBe(true);
    expect(heartbeatFresh(file, Date.now() + 120_000)).toBe(false);
    ops.stop();
    ops = null;
    expect(heartbeatFresh(file, Date.now())).toBe(false);
  });

  it("protects a worker holding sessions, releases it once empty, and reports load mid-minute", async () => {
    vi.useFakeTimers({ now: Date.parse("2026-11-30T14:00:10Z") });
    const stats = { sessions: 3, capacity: 500, draining: false };
    const calls: string[] = [];
    const protection = {
      protect: async (minutes: number) => void calls.push(`protect ${minutes}`),
      release: async () => void calls.push("release"),
    };
    const puts: MetricValue[][] = [];
    ops = startFleetOps({
      worker: worker(stats),
      metrics: { put: (m) => void puts.push(m) },
      protection,
      logger: pino({ level: "silent" }),
      heartbeatFile: null,
      protectionCheckMs: 1_000,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(["protect 15"]);
    stats.sessions = 0;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual(["protect 15", "release"]);
    await vi.advanceTimersByTimeAsync(19_000);
    expect(puts[0]).toEqual([
      { name: "SessionsHeld", value: 0, unit: "Count" },
      { name: "SessionCapacity", value: 500, unit: "Count" },
    ]);
    // then Sessions by status, one line per status
    expect(puts.slice(1)).toEqual(
      ["connecting", "qr", "pairing", "open", "reconnecting"].map(() => [
        { name: "Sessions", value: 0, unit: "Count" },
      ]),
    );
  });

  it("emits each minute's load, sessions by status and the worker's counters as EMF lines, then resets the counters", async () => {
    vi.useFakeTimers({ now: Date.parse("2026-11-30T14:00:10Z") });
    const lines: string[] = [];
    const metrics = createEmfMetrics({
      namespace: METRIC_NAMESPACE,
      dimensions: { Stage: "production" },
      clock: { now: () => new Date() },
      write: (l) => void lines.push(l),
    });
    const counters = new WorkerCounters(() => 0);
    const stats = { sessions: 4, capacity: 500, draining: false, byStatus: { open: 3, reconnecting: 1 } };
    ops = startFleetOps({
      worker: { id: "wrk_emf", stats: () => stats, counters },
      metrics,
      protection: noTaskProtection,
      logger: pino({ level: "silent" }),
      heartbeatFile: null,
    });
    counters.placementClaimed();
    counters.placementClaimed();
    counters.reconnected();
    counters.sent(850);
    counters.sent(1_240);
    await vi.advanceTimersByTimeAsync(20_000);

    const records = lines.map((l) => JSON.parse(l));
    for (const r of records) {
      expect(r._aws.Timestamp).toBe(Date.parse("2026-11-30T14:00:30Z"));
      expect(r.workerId).toBe("wrk_emf");
      expect(r.Stage).toBe("production");
    }
    const directives = records.map((r) => r._aws.CloudWatchMetrics[0]);
    // the load line: dimension Stage only, as the scaling policy and the reconnect-storm alarm query it
    expect(directives[0]).toEqual({
      Namespace: "Wharf",
      Dimensions: [["Stage"]],
      Metrics: [
        { Name: "SessionsHeld", Unit: "Count" },
        { Name: "SessionCapacity", Unit: "Count" },
        { Name: "PlacementClaims", Unit: "Count" },
        { Name: "Reconnects", Unit: "Count" },
      ],
    });
    expect(records[0]).toMatchObject({ SessionsHeld: 4, SessionCapacity: 500, PlacementClaims: 2, Reconnects: 1 });
    // Sessions by status: dimensions Stage and Status, every reported status (zero included)
    const byStatus = records.slice(1, 6);
    for (const i of byStatus.keys())
      expect(directives[i + 1]).toEqual({
        Namespace: "Wharf",
        Dimensions: [["Stage", "Status"]],
        Metrics: [{ Name: "Sessions", Unit: "Count" }],
      });
    expect(Object.fromEntries(byStatus.map((r) => [r.Status, r.Sessions]))).toEqual({
      connecting: 0,
      qr: 0,
      pairing: 0,
      open: 3,
      reconnecting: 1,
    });
    // send latencies, POST → sent, one value each
    expect(directives[6]).toEqual({
      Namespace: "Wharf",
      Dimensions: [["Stage"]],
      Metrics: [{ Name: "SendLatency", Unit: "Milliseconds" }],
    });
    expect(records[6].SendLatency).toEqual([850, 1240]);
    expect(records).toHaveLength(7);

    // the next minute counts from zero and has no latency line
    await vi.advanceTimersByTimeAsync(60_000);
    const next = lines.slice(7).map((l) => JSON.parse(l));
    expect(next[0]).toMatchObject({ PlacementClaims: 0, Reconnects: 0 });
    expect(next).toHaveLength(6);
  });

  it("logs a failing protection call instead of throwing into the worker", async () => {
    const protection = { protect: async () => Promise.reject(new Error("agent down")), release: async () => undefined };
    const logs: unknown[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    ops = startFleetOps({
      worker: worker({ sessions: 1, capacity: 1, draining: false }),
      metrics: { put: () => undefined },
      protection,
      logger,
      heartbeatFile: null,
    });
    await vi.waitFor(() =>
      expect(logs).toEqual([
        expect.objectContaining({ msg: "task scale-in protection call failed", action: "protect" }),
      ]),
    );
  });
});
