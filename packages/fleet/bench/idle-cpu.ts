/**
 * The worker's CPU per second while its sessions sit open and idle: what the
 * send phase's "worker CPU per message" carries besides the sends (polls, heartbeat, sockets'
 * keep-alives and timers, the probe), spread over the phase. Links `--sessions` by QR, opens
 * them in a fresh worker (as `bench/run.ts` does before its send phase), then reads the worker's
 * CPU over `--seconds` with nothing sent, and its SDK calls in that window.
 *
 *   npx tsx bench/idle-cpu.ts [--sessions 40] [--seconds 20]
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { startBenchEnv } from "./lib/env";
import { densityAndCycles, linkByQr, setupSessions } from "./lib/fleet-phases";
import { nodeBin } from "./lib/processes";
import { log, round, sleep } from "./lib/util";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: { sessions: { type: "string", default: "40" }, seconds: { type: "string", default: "20" } },
});
const N = Number(values.sessions);
const seconds = Number(values.seconds);

const env = await startBenchEnv(N + 100);
try {
  const f = await setupSessions(env, N);
  await linkByQr(env, f);
  const d = await densityAndCycles(env, f, { steps: [N], idleSeconds: 1, cycles: 0 });
  const w = d.worker;
  const cpu = async () => (await w.request<{ cpuMs: number }>({ cmd: "cpu" }, 30_000)).cpuMs;
  // let the opening settle (creds writes, first polls) before the window
  await sleep(5_000);
  await w.request({ cmd: "sdk-calls" }, 30_000);
  const c0 = await cpu();
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const ms = (await cpu()) - c0;
  const wall = (Date.now() - t0) / 1000;
  const { calls } = await w.request<{ calls: Record<string, number> }>({ cmd: "sdk-calls" }, 30_000);
  log("idle worker cpu", {
    node: nodeBin(),
    sessions: d.placed,
    seconds: round(wall, 1),
    cpuMsPerSecond: round(ms / wall, 1),
    sdkCalls: calls,
    loadAverage: loadavg().map((l) => round(l)),
  });
  await env.stopWorker(w, "SIGTERM");
} finally {
  await env.close();
}
