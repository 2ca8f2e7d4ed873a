import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createSessionStore, ensureQueue } from "@wharf/aws";
import { newId } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import type { BenchEnv, BenchWorker } from "./env";
import { log, memoryPerSession, pool, sleep } from "./util";

export type Target = { tenantId: string; sessionId: string };
export interface FleetSetup {
  targets: Target[];
  ids: string[];
  accountOf: Map<string, string>;
}

/** N simulator accounts and N stored sessions that want a connection (pacing out of the way). */
export async function setupSessions(env: BenchEnv, n: number): Promise<FleetSetup> {
  const accounts: string[] = [];
  await pool(
    Array.from({ length: n }),
    20,
    async () => void accounts.push((await env.sim.admin<{ id: string }>("POST", "/accounts", {})).id),
  );
  const repo = createSessionStore(env.ctx);
  const sessions = Array.from({ length: n }, () =>
    sessionRecord(newId("tenant"), {
      desiredState: "connected",
      status: "connecting",
      pacing: { messagesPerMinute: 600, burst: 100, dailyCap: 100_000, typingSimulation: false },
    }),
  );
  await pool(sessions, 20, (s) => repo.create(s));
  const targets = sessions.map((s) => ({ tenantId: s.tenantId, sessionId: s.id }));
  const ids = targets.map((t) => t.sessionId);
  return { targets, ids, accountOf: new Map(ids.map((id, i) => [id, accounts[i]!])) };
}

/** 1. link every session by QR through one worker (the simulator's accounts scan the QRs) */
export async function linkByQr(env: BenchEnv, f: FleetSetup) {
  const q = await ensureQueue(env.clients.sqs, `b-${env.tag}-p1`);
  const w = await env.startWorker(q);
  const scanned = new Set<string>();
  let scanning = true;
  const scanner = (async () => {
    let seen = 0;
    while (scanning) {
      const fresh = env.events.all.slice(seen);
      seen += fresh.length;
      const qrs = fresh.filter((e) => e.type === "session.qr" && !scanned.has(e.sessionId));
      await pool(qrs, 16, async (e) => {
        if (e.type !== "session.qr" || scanned.has(e.sessionId)) return;
        scanned.add(e.sessionId);
        await env.sim
          .admin("POST", `/accounts/${f.accountOf.get(e.sessionId)}/scan`, { qr: e.data.qr })
          .catch(() => scanned.delete(e.sessionId));
      });
      await sleep(100);
    }
  })();
  const mark = env.events.length;
  const t0 = Date.now();
  await env.place(q, f.targets, { method: "qr" });
  const linked = await env.allOpen(f.ids, mark, t0);
  scanning = false;
  await scanner;
  const n = f.ids.length;
  const result = { sessions: n, ms: linked.ms, perSecond: Math.round((n / linked.ms) * 1000 * 10) / 10 };
  log("linked", result);
  await env.stopWorker(w, "SIGTERM");
  return result;
}

/**
 * 2. a fresh worker opens `timed` stored sessions (creds from DynamoDB); its event-loop lag,
 * SDK calls and AWS wall time meanwhile, and with `cpuProfDir` a CPU profile of that window
 * only (the worker's boot is not in it).
 */
export async function storedToOpen(env: BenchEnv, f: FleetSetup, timedCount: number, cpuProfDir?: string) {
  const q = await ensureQueue(env.clients.sqs, `b-${env.tag}-p2`);
  const w = await env.startWorker(q);
  const timed = f.targets.slice(0, Math.min(timedCount, f.targets.length));
  const ids = timed.map((t) => t.sessionId);
  const mark = env.events.length;
  await w.request({ cmd: "lag" });
  await w.request({ cmd: "sdk-calls" });
  await w.request({ cmd: "timeline" });
  await w.request({ cmd: "hellos" });
  const profile = cpuProfDir ? join(cpuProfDir, `stored-open-${timed.length}-${env.tag}.cpuprofile`) : undefined;
  if (profile) {
    mkdirSync(cpuProfDir!, { recursive: true });
    await w.request({ cmd: "profile-start" });
  }
  const cpu0 = (await w.request<{ cpuMs: number }>({ cmd: "cpu" })).cpuMs;
  const around0 = { sim: env.cpu.sim(), dynamodbLocal: env.cpu.dynamodbLocal() };
  const t0 = Date.now();
  await env.place(q, timed);
  const r = await env.allOpen(ids, mark, t0);
  // the worker's own CPU: less at the mercy of a shared machine's load than the wall time
  const cpuMs = (await w.request<{ cpuMs: number }>({ cmd: "cpu" })).cpuMs - cpu0;
  // what the opens cost the processes around the worker (per session)
  const aroundCpuMsPerSession = {
    sim: Math.round(((env.cpu.sim() - around0.sim) / timed.length) * 10) / 10,
    dynamodbLocal: Math.round(((env.cpu.dynamodbLocal() - around0.dynamodbLocal) / timed.length) * 10) / 10,
  };
  const lag = await w.request<{ p50Ms: number; p99Ms: number; maxMs: number; ownP99Ms: number; cpuShare: number }>({
    cmd: "lag",
    stop: true,
  });
  // Baileys' server hellos handled in one turn of the loop (bench/hellos-per-turn.ts)
  const { turns, maxPerTurn, overTwo } = await w.request<{
    turns: Record<string, number>;
    maxPerTurn: number;
    overTwo: number;
  }>({ cmd: "hellos" });
  if (profile) await w.request({ cmd: "profile-stop", file: profile }, 120_000);
  const { calls } = await w.request<{ calls: Record<string, number> }>({ cmd: "sdk-calls" });
  const { awsWall } = await w.request<{ awsWall: Record<string, unknown> }>({ cmd: "timeline" });
  const phases = env.eventPhases(ids, mark, t0);
  const result = {
    sessions: timed.length,
    ms: phases.open?.all ?? r.ms,
    firstMs: phases.open?.first ?? r.firstMs,
    seenMs: r.ms,
    // the worker's first status of each session (claimed and started): placement + claim time
    allStartedMs: (phases.reconnecting ?? phases.connecting)?.all,
    lagP50Ms: lag.p50Ms,
    lagP99Ms: lag.p99Ms,
    lagMaxMs: lag.maxMs,
    // the lag counted by the share of each tick the worker ran (see probe.ts), and that share
    lagOwnP99Ms: lag.ownP99Ms,
    hellosPerTurn: { turns, max: maxPerTurn, overTwo },
    workerCpuShare: lag.cpuShare,
    workerCpuMs: Math.round(cpuMs),
    workerCpuMsPerSession: Math.round((cpuMs / timed.length) * 10) / 10,
    aroundCpuMsPerSession,
    sdkCalls: calls,
    sdkCallsPerSession: Math.round((Object.values(calls).reduce((a, b) => a + b, 0) / timed.length) * 10) / 10,
    awsWall,
    ...(profile ? { profile } : {}),
  };
  log("stored sessions open", result);
  await env.stopWorker(w, "SIGTERM");
  return result;
}

/**
 * 3. memory per idle open session at each step in one fresh worker, then its idle liveness
 * cost (DynamoDB writes/s), then 4. reconnect cycles of all sessions. Returns the worker,
 * which keeps every session for the load phases.
 */
export async function densityAndCycles(
  env: BenchEnv,
  f: FleetSetup,
  opts: { steps: number[]; idleSeconds: number; cycles: number },
) {
  const q = await ensureQueue(env.clients.sqs, `b-${env.tag}-p3`);
  const w: BenchWorker = await env.startWorker(q);
  const empty = await w.measure();
  const density: Array<Record<string, number>> = [];
  let placed = 0;
  for (const step of opts.steps) {
    const batch = f.targets.slice(placed, step);
    const mark = env.events.length;
    const t0 = Date.now();
    await env.place(q, batch);
    const r = await env.allOpen(
      batch.map((t) => t.sessionId),
      mark,
      t0,
    );
    placed = step;
    await sleep(3_000);
    const m = await w.measure();
    density.push({
      sessions: step,
      openMs: r.ms,
      heapUsedMb: m.heapUsedMb,
      rssMb: m.rssMb,
      ...memoryPerSession(m, empty, step),
    });
    log("density", { ...density.at(-1)!, spacesMb: m.spacesMb });
  }

  // liveness: writes of an idle worker holding every placed session (its own SDK counter)
  await w.request({ cmd: "sdk-calls" });
  const t0 = Date.now();
  await sleep(opts.idleSeconds * 1000);
  const { calls } = await w.request<{ calls: Record<string, number> }>({ cmd: "sdk-calls" });
  const seconds = (Date.now() - t0) / 1000;
  const writes = ["UpdateItem", "PutItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"].reduce(
    (sum, op) => sum + (calls[op] ?? 0),
    0,
  );
  const idleLiveness = {
    sessions: placed,
    seconds: Math.round(seconds),
    sdkCalls: calls,
    writesPerSecond: Math.round((writes / seconds) * 100) / 100,
  };
  log("idle liveness", idleLiveness);

  const cycles: Array<Record<string, number>> = [];
  for (let c = 1; c <= opts.cycles; c++) {
    const mark = env.events.length;
    const t0 = Date.now();
    await pool(
      f.ids.slice(0, placed),
      32,
      async (id) =>
        void (await env.sim
          .admin("POST", `/accounts/${f.accountOf.get(id)}/disconnect`, { reason: "drop" })
          .catch(() => undefined)),
    );
    const r = await env.allOpen(f.ids.slice(0, placed), mark, t0);
    // let the reconnect's follow-up work (key writes, init queries) finish before measuring
    await sleep(10_000);
    const m = await w.measure();
    cycles.push({ cycle: c, ms: r.ms, heapUsedMb: m.heapUsedMb, rssMb: m.rssMb });
    log("reconnect cycle", cycles.at(-1)!);
  }
  return { worker: w, placementUrl: q, placed, empty, density, idleLiveness, cycles };
}
