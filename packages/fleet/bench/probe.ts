/**
 * Preload for measured bench processes (`--expose-gc --import ./bench/probe.ts`): answers
 * {cmd:"measure"} on the IPC channel with memory after two forced collections, the way
 * DESIGN §10 measures (heapUsed after two GCs; RSS reported but noisy per socket).
 */
import { getHeapSpaceStatistics } from "node:v8";
import "./hellos-per-turn";

const gc = (globalThis as { gc?: () => void }).gc;

// tsx turns source maps on, so every `new Error().stack` (Baileys makes one per query) maps
// its frames: ~3 % of a worker's CPU while sessions open. The image runs compiled JS without
// source maps, so measured processes (workers and the raw-Baileys baseline alike) run without.
process.setSourceMapsEnabled(false);

export interface Measurement {
  heapUsedMb: number;
  heapTotalMb: number;
  rssMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** V8's heap spaces that hold more than 1 MB: what each holds, and how much of it is live */
  spacesMb: Record<string, { held: number; used: number }>;
}

export async function measure(): Promise<Measurement> {
  for (let i = 0; i < 2; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 200));
  }
  const m = process.memoryUsage();
  const mb = (b: number) => Math.round((b / 1024 / 1024) * 100) / 100;
  return {
    heapUsedMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    rssMb: mb(m.rss),
    externalMb: mb(m.external),
    arrayBuffersMb: mb(m.arrayBuffers),
    spacesMb: Object.fromEntries(
      getHeapSpaceStatistics()
        .filter((sp) => sp.space_size > 1024 * 1024)
        .map((sp) => [sp.space_name, { held: mb(sp.space_size), used: mb(sp.space_used_size) }]),
    ),
  };
}

process.on("message", (msg: { cmd?: string; seq?: number }) => {
  if (msg?.cmd !== "measure") return;
  void measure().then((m) =>
    process.send?.({ type: "measurement", seq: msg.seq, ...m, gc: Boolean(gc), node: process.version }),
  );
});

// ---- event-loop lag and AWS calls, for the fleet's open-shaping and liveness figures ----
import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";

// Sampled only between a phase's first {cmd:"lag"} and its {cmd:"lag", stop:true}: a 10 ms
// timer reading the CPU clock is ~1 % of a core here, charged to the process it measures.
const lag = monitorEventLoopDelay({ resolution: 10 });

// The same lag counted by the share of each 10 ms tick this process ran (its CPU time over
// the wall time), as OpenShaper counts it: on a shared machine whose other processes keep this
// one waiting, the plain lag above is mostly the OS's queue, not this loop's work.
let ownLag: number[] = [];
let busyMs = 0;
let wallMs = 0;
// set when sampling starts
let tickAt = 0;
let cpuAt: NodeJS.CpuUsage = { user: 0, system: 0 };
let ticker: NodeJS.Timeout | undefined;
const startLag = () => {
  if (ticker) return;
  lag.enable();
  tickAt = performance.now();
  cpuAt = process.cpuUsage();
  ticker = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    const ranMs = (cpu.user + cpu.system - cpuAt.user - cpuAt.system) / 1000;
    const tookMs = now - tickAt;
    if (ownLag.length < 100_000) ownLag.push(Math.max(0, tookMs - 10) * Math.min(1, ranMs / Math.max(1, tookMs)));
    busyMs += ranMs;
    wallMs += tookMs;
    tickAt = now;
    cpuAt = cpu;
  }, 10).unref();
};
const stopLag = () => {
  lag.disable();
  clearInterval(ticker);
  ticker = undefined;
};
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
};

/** DynamoDB calls by operation (the x-amz-target header), counted at the HTTP layer. */
let awsCalls: Record<string, number> = {};
const plainRequest = http.request;
(http as { request: typeof http.request }).request = ((...a: Parameters<typeof http.request>) => {
  const opts = a.find((x) => typeof x === "object" && x !== null && "headers" in x) as
    | { headers?: Record<string, unknown> }
    | undefined;
  const target = opts?.headers?.["x-amz-target"] ?? opts?.headers?.["X-Amz-Target"];
  if (typeof target === "string") {
    const op = target.split(".").pop() ?? target;
    awsCalls[op] = (awsCalls[op] ?? 0) + 1;
  }
  return plainRequest(...a);
}) as typeof http.request;

process.on("message", (msg: { cmd?: string; seq?: number; stop?: boolean }) => {
  if (msg?.cmd === "lag") {
    const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;
    process.send?.({
      type: "lag",
      seq: msg.seq,
      p50Ms: ms(lag.percentile(50)),
      p99Ms: ms(lag.percentile(99)),
      maxMs: ms(lag.max),
      ownP99Ms: Math.round(percentile(ownLag, 99) * 10) / 10,
      // CPU time over wall time since the last ask: ~1 (or more, with helper threads) = saturated
      cpuShare: Math.round((busyMs / Math.max(1, wallMs)) * 100) / 100,
    });
    lag.reset();
    ownLag = [];
    busyMs = 0;
    wallMs = 0;
    if (msg.stop) stopLag();
    else startLag();
  }
  if (msg?.cmd === "cpu") {
    const u = process.cpuUsage();
    process.send?.({ type: "cpu", seq: msg.seq, cpuMs: (u.user + u.system) / 1000 });
  }
  if (msg?.cmd === "aws-calls") {
    process.send?.({ type: "aws-calls", seq: msg.seq, calls: awsCalls });
    awsCalls = {};
  }
});

// ---- peak RSS: sampled every 20 ms (media streaming figures: growth while files are in flight) ----
let peakRss = 0;
let rssSampler: NodeJS.Timeout | undefined;

process.on("message", (msg: { cmd?: string; seq?: number }) => {
  if (msg?.cmd !== "peak") return;
  const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
  const now = process.memoryUsage();
  process.send?.({
    type: "peak",
    seq: msg.seq,
    peakRssMb: mb(peakRss),
    heapUsedMb: mb(now.heapUsed),
    rssMb: mb(now.rss),
  });
  // the next window starts from the current level; sampled from the first ask on (no heap
  // walk, but reading RSS 50 times a second is ~1 % of a core, charged to the process measured)
  peakRss = now.rss;
  if (!rssSampler)
    rssSampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 20).unref();
});

// ---- a CPU profile of one phase ({cmd:"profile-start"} … {cmd:"profile-stop", file}) ----
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

let profiler: Session | null = null;
process.on("message", (msg: { cmd?: string; seq?: number; file?: string; intervalUs?: number }) => {
  if (msg?.cmd === "profile-start") {
    void (async () => {
      profiler = new Session();
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.setSamplingInterval", { interval: msg.intervalUs ?? 500 });
      await profiler.post("Profiler.start");
      process.send?.({ type: "profile-started", seq: msg.seq });
    })();
  }
  if (msg?.cmd === "profile-stop" && profiler && msg.file) {
    const session = profiler;
    const file = msg.file;
    profiler = null;
    void (async () => {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      process.send?.({ type: "profile-stopped", seq: msg.seq, file });
    })();
  }
});

// ---- wall time of AWS calls by operation (x-amz-target), from request to the response's end ----
let awsWall: Record<string, { n: number; ms: number; max: number }> = {};
const countedRequest = http.request;
(http as { request: typeof http.request }).request = ((...a: Parameters<typeof http.request>) => {
  const opts = a.find((x) => typeof x === "object" && x !== null && "headers" in x) as
    | { headers?: Record<string, unknown> }
    | undefined;
  const target = opts?.headers?.["x-amz-target"] ?? opts?.headers?.["X-Amz-Target"];
  const req = countedRequest(...a);
  if (typeof target === "string") {
    const op = target.split(".").pop() ?? target;
    const t0 = performance.now();
    req.once("response", (res) =>
      res.once("end", () => {
        const ms = performance.now() - t0;
        const s = awsWall[op] ?? { n: 0, ms: 0, max: 0 };
        awsWall[op] = s;
        s.n++;
        s.ms += ms;
        s.max = Math.max(s.max, ms);
      }),
    );
  }
  return req;
}) as typeof http.request;

// ---- a send's stages (the worker publishes them on diagnostics channel "wharf:send") ----
import { subscribe } from "node:diagnostics_channel";

const stages = new Map<string, { sessionId?: string; at: Record<string, number> }>();
subscribe("wharf:send", (m) => {
  const { messageId, sessionId, stage } = m as { messageId: string; sessionId?: string; stage: string };
  const s = stages.get(messageId) ?? { at: {} };
  s.sessionId ??= sessionId;
  s.at[stage] ??= performance.now();
  stages.set(messageId, s);
});

process.on("message", (msg: { cmd?: string; seq?: number }) => {
  if (msg?.cmd !== "timeline") return;
  const wall = Object.fromEntries(
    Object.entries(awsWall).map(([op, s]) => [
      op,
      { n: s.n, meanMs: Math.round((s.ms / s.n) * 10) / 10, maxMs: Math.round(s.max) },
    ]),
  );
  process.send?.({ type: "timeline", seq: msg.seq, awsWall: wall, sends: Object.fromEntries(stages) });
  awsWall = {};
  stages.clear();
});
