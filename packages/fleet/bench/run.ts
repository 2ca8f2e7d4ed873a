/**
 * Fleet benchmarks (DESIGN §10, issue 13's ratios), one run against the simulator in its own
 * process and DynamoDB Local + fauxqs:
 *   1. link N sessions by QR through a worker (pair → open)
 *   2. a fresh worker brings `--timed` (default N) stored sessions to open, with its event-loop lag
 *   3. heap / RSS per idle open session at each of `--steps` in one fresh worker, then its
 *      idle liveness writes/s over `--idle-seconds`; 4. `--cycles` reconnect cycles
 *   5. send throughput (pacing out of the way): rate, CPU ms per message per process, the
 *      worker's SDK calls per message (its own counting middleware, WHARF_COUNT_SDK_CALLS)
 *   6. failover (SIGKILL the owner; a standby opens every session) and drain (SIGTERM it; a
 *      fresh worker opens every session), phases by the events' own times
 *   7. the raw-Baileys baseline: memory per socket at the same steps, reconnect of all, and
 *      its send ceiling over the same number of sockets (client and simulator CPU per message)
 *   8. with `--data-path-json FILE`: the local data path's inbound and outbound p50/p99 (root
 *      `npm run bench:ratios` runs packages/local/bench/data-path.ts at 10, 50, 200 msg/s first)
 * and prints the table "figure | measured | target". Measured processes run under NODE_BIN
 * (default: Node 24 from /tmp/node24, see README). `--cpu-prof-dir DIR` profiles phase 2,
 * `--send-prof FILE` the worker during phase 5 (read it with bench/profile-summary.ts).
 * Workers start with the fleet image's Node flags (src/node-flags.ts); `--worker-node-flags ""`
 * runs them with Node's defaults instead, `--worker-node-flags="--a=1 --b"` with others.
 *
 *   npm run bench:ratios -- --sessions 2000            (repo root: data path, then this)
 *   npm run bench:ratios -- --sessions 100 --cycles 1 --idle-seconds 10 --rate-seconds 3
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { readDataPath } from "./lib/data-path-run";
import { startBenchEnv } from "./lib/env";
import { densityAndCycles, linkByQr, setupSessions, storedToOpen } from "./lib/fleet-phases";
import { drain, failover, sendThroughput } from "./lib/load-phases";
import { nodeBin } from "./lib/processes";
import { type BenchFigures, printRatioTable, ratioRows } from "./lib/ratios";
import { rawBaseline } from "./lib/raw-phase";
import { log } from "./lib/util";

const list = (s: string) => s.split(",").map(Number);
const args = z
  .object({
    sessions: z.coerce.number().int().min(1),
    steps: z.string().transform(list),
    timed: z.coerce.number().int().min(1).optional(),
    cycles: z.coerce.number().int().min(0),
    sends: z.coerce.number().int().min(0),
    "send-sessions": z.coerce.number().int().min(1),
    raw: z.boolean(),
    fleet: z.boolean(),
    density: z.boolean(),
    failover: z.boolean(),
    "data-path-json": z.string().optional(),
    "idle-seconds": z.coerce.number().int().min(1),
    "cpu-prof-dir": z.string().optional(),
    "send-prof": z.string().optional(),
    "worker-node-flags": z
      .string()
      .transform((flags) => flags.split(" ").filter(Boolean))
      .optional(),
  })
  .parse(
    parseArgs({
      args: process.argv.slice(2).filter((a) => a !== "--"),
      options: {
        sessions: { type: "string", default: "2000" },
        steps: { type: "string", default: "100,500,1000,2000" },
        timed: { type: "string" },
        cycles: { type: "string", default: "3" },
        sends: { type: "string", default: "2000" },
        "send-sessions": { type: "string", default: "100" },
        raw: { type: "boolean", default: true },
        fleet: { type: "boolean", default: true },
        // --no-density: stop after phase 2 (link, stored → open), e.g. to compare opening alone
        density: { type: "boolean", default: true },
        failover: { type: "boolean", default: true },
        // the local data path's figures (root `npm run bench:ratios` runs that bench and passes them)
        "data-path-json": { type: "string" },
        "idle-seconds": { type: "string", default: "30" },
        // writes a V8 CPU profile of the stored→open worker (phase 2) into this directory
        "cpu-prof-dir": { type: "string" },
        // writes a V8 CPU profile of the worker during the send phase (5) to this file
        "send-prof": { type: "string" },
        // the workers' Node flags instead of the fleet image's (src/node-flags.ts); "" for Node's
        // defaults; flags go after "=" (parseArgs takes no value that starts with a dash otherwise)
        "worker-node-flags": { type: "string" },
      },
      allowNegative: true,
    }).values,
  );

const N = args.sessions;
// the last step is always N: memory per session is compared with raw Baileys at N sockets
const steps = [...new Set([...args.steps.filter((s) => s < N), N])];
const env = await startBenchEnv(N + 100, args["worker-node-flags"]);
const results: Record<string, unknown> = {
  node: nodeBin(),
  workerNodeFlags: env.workerNodeFlags,
  sessions: N,
  startedAt: new Date().toISOString(),
};
const figures: BenchFigures = {};
// Ctrl-C still stops the children (simulator, workers, DynamoDB Local)
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => void env.close().then(() => process.exit(130)));

try {
  // phases 1-2; with --no-density the fleet's part ends after them
  const f = args.fleet ? await setupSessions(env, N) : undefined;
  if (f) {
    log("setup done", { sessions: N, node: nodeBin() });
    results.linkByQr = await linkByQr(env, f);
    const stored = await storedToOpen(env, f, args.timed ?? N, args["cpu-prof-dir"]);
    results.storedToOpen = figures.stored = stored;
  }
  if (f && args.density) {
    const d = await densityAndCycles(env, f, { steps, idleSeconds: args["idle-seconds"], cycles: args.cycles });
    results.fleetEmpty = d.empty;
    results.fleetDensity = d.density;
    results.idleLiveness = d.idleLiveness;
    results.reconnectCycles = d.cycles;
    figures.density = d.density.at(-1) as BenchFigures["density"];
    figures.idleWritesPerSecond = d.idleLiveness.writesPerSecond;
    if (args.sends > 0) {
      const senders = f.targets.slice(0, Math.min(args["send-sessions"], d.placed));
      results.sendThroughput = figures.send = await sendThroughput(
        env,
        d.worker,
        senders,
        args.sends,
        args["send-prof"],
      );
    }
    const ids = f.ids.slice(0, d.placed);
    if (args.failover) {
      const fo = await failover(env, d.worker, d.placementUrl, ids);
      results.failover = figures.failover = fo.result;
      results.drain = figures.drain = await drain(env, fo.standby, d.placementUrl, ids);
    } else {
      await env.stopWorker(d.worker, "SIGTERM");
    }
  }
  if (args.raw) {
    const raw = await rawBaseline(env, { steps, sendSockets: args["send-sessions"], sends: args.sends });
    results.rawBaileys = raw;
    figures.rawReconnect = raw.reconnected;
    figures.rawReconnectStock = raw.reconnectedStock;
    figures.rawMemory = raw.density.at(-1) as BenchFigures["rawMemory"];
    figures.rawSend = raw.send as BenchFigures["rawSend"];
  }
  if (args["data-path-json"]) results.dataPath = figures.dataPath = readDataPath(args["data-path-json"]);
  results.loadAverage = (await import("node:os")).loadavg().map((l) => Math.round(l * 100) / 100);
} finally {
  results.finishedAt = new Date().toISOString();
  const file = join(tmpdir(), `wharf-fleet-bench-${env.tag}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
  console.log(`results written to ${file}`);
  printRatioTable(ratioRows(figures));
  await env.close();
}
