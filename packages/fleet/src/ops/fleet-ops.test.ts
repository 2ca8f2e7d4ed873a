import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MetricValue } from "@wharf/core";
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
    expect(puts).toEqual([
      [
        { name: "SessionsHeld", value: 0, unit: "Count" },
        { name: "SessionCapacity", value: 500, unit: "Count" },
      ],
    ]);
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
