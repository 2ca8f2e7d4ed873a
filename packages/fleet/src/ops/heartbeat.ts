import { readFileSync, rmSync, writeFileSync } from "node:fs";

/**
 * The container health check's signal: the worker's event loop writes the time to a file
 * every few seconds; `main.js --health` (ECS runs it every 30 s) passes while the file is
 * fresh. A blocked loop, a hung process or a stopped worker all let it go stale.
 */
export const DEFAULT_HEARTBEAT_FILE = "/tmp/wharf-fleet.heartbeat";
export const HEARTBEAT_INTERVAL_MS = 10_000;
export const HEARTBEAT_MAX_AGE_MS = 60_000;

export function writeHeartbeat(file: string, nowMs: number): void {
  writeFileSync(file, String(nowMs));
}

export function clearHeartbeat(file: string): void {
  rmSync(file, { force: true });
}

/** True when the heartbeat file exists and is younger than maxAgeMs. */
export function heartbeatFresh(file: string, nowMs: number, maxAgeMs = HEARTBEAT_MAX_AGE_MS): boolean {
  try {
    const at = Number(readFileSync(file, "utf8"));
    return Number.isFinite(at) && nowMs - at <= maxAgeMs && at <= nowMs + 5_000;
  } catch {
    return false;
  }
}
