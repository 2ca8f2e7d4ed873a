/**
 * Fleet benchmarks (DESIGN §10), each against the simulator in its own process and a
 * real DynamoDB Local + fauxqs:
 *   1. link N sessions by QR through a worker (pair → open)
 *   2. a fresh worker brings `--timed` stored sessions to open (creds read from DynamoDB)
 *   3. heap / RSS per idle open session at each of `--steps` in one fresh worker
 *   4. `--cycles` reconnect cycles of all sessions (heap growth per cycle)
 *   5. send throughput with pacing out of the way
 *   6. failover: SIGKILL the owner, time until a standby worker has every session open again;
 *      then drain: SIGTERM that worker, time until a fresh one has every session open
 *   (2 also reports the worker's event-loop lag p50/p99 while opening; after 3 the idle
 *    worker's DynamoDB writes per second over `--idle-seconds`: its liveness cost)
 *   7. the raw-Baileys baseline: heap per idle socket at the same steps
 * Measured processes run under NODE_BIN (default: Node 24 from /tmp/node24, see README).
 * Failover and drain print their phases by the events' own times (dead heartbeat detected,
 * first/all claimed, first/all open); `--cpu-prof-dir DIR` writes a V8 CPU profile of the
 * worker that opens the stored sessions (phase 2) when it exits.
 *
 *   pnpm --filter @wharf/fleet bench -- --sessions 1000 --steps 100,500,1000
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createSessionStore, createWorkerRegistry, ensureQueue, SqsQueue } from "@wharf/aws";
import type { FleetCommand, PlacementMessage } from "@wharf/contracts";
import { newId, placementMessage } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { stackClients, startTestStack } from "@wharf/aws/testing";
import { z } from "zod";
import { EventCollector } from "../src/testing/harness";
import { FLEET_DIR, forkMeasured, nodeBin, startSimProcess, type MeasuredProcess } from "./lib/processes";

const args = z
  .object({
    sessions: z.coerce.number().int().min(1),
    steps: z.string().transform((s) => s.split(",").map(Number)),
    timed: z.coerce.number().int().min(1),
    cycles: z.coerce.number().int().min(0),
    sends: z.coerce.number().int().min(0),
    "send-sessions": z.coerce.number().int().min(1),
    raw: z.boolean(),
    fleet: z.boolean(),
    failover: z.boolean(),
    "idle-seconds": z.coerce.number().int().min(1),
    "cpu-prof-dir": z.string().optional(),
  })
  .parse(
    parseArgs({
      args: process.argv.slice(2).filter((a) => a !== "--"),
      options: {
        sessions: { type: "string", default: "1000" },
        steps: { type: "string", default: "100,500,1000" },
        timed: { type: "string", default: "500" },
        cycles: { type: "string", default: "3" },
        sends: { type: "string", default: "2000" },
        "send-sessions": { type: "string", default: "100" },
        raw: { type: "boolean", default: true },
        fleet: { type: "boolean", default: true },
        failover: { type: "boolean", default: true },
        "idle-seconds": { type: "string", default: "30" },
        // writes a V8 CPU profile of the stored→open worker (phase 2) into this directory
        "cpu-prof-dir": { type: "string" },
      },
      allowNegative: true,
    }).values,
  );

const N = args.sessions;
const steps = args.steps.filter((s) => s <= N);
const MAIN = join(FLEET_DIR, "src/main.ts");
const results: Record<string, unknown> = { node: nodeBin(), sessions: N, startedAt: new Date().toISOString() };
const log = (msg: string, data: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ t: new Date().toISOString().slice(11, 19), msg, ...data }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const stack = await startTestStack();
const clients = stackClients(stack);
const ctx = { doc: clients.doc, tableName: stack.tableName };
const sim = await startSimProcess({ fakePrekeyCount: 812 });
const keyB64 = randomBytes(32).toString("base64");
const tag = Date.now().toString(36);
const eventsUrl = await ensureQueue(clients.sqs, `b-${tag}-events.fifo`, { fifo: true });
const events = new EventCollector(clients.sqs, eventsUrl);
events.start();
const stopAll: Array<() => Promise<unknown>> = [];
// Ctrl-C still stops the children (simulator, workers, DynamoDB Local)
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void Promise.allSettled([...stopAll.map((s) => s()), sim.stop(), stack.stop()]).then(() => process.exit(130));
  });
}

function workerEnv(placementUrl: string): Record<string, string> {
  return {
    AWS_REGION: stack.region,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: stack.sqsEndpoint,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    WHARF_TABLE_NAME: stack.tableName,
    WHARF_PLACEMENT_QUEUE_URL: placementUrl,
    WHARF_EVENTS_QUEUE_URL: eventsUrl,
    WHARF_AUTH_STATE_KEY: keyB64,
    WHARF_INBOX_QUEUE_PREFIX: `b-${tag}-inbox-`,
    WHARF_FLEET_CAPACITY: String(N + 100),
    WHARF_WA_WEBSOCKET_URL: sim.url,
    LOG_LEVEL: "warn",
  };
}

async function startWorker(
  placementUrl: string,
  nodeArgs: string[] = [],
): Promise<MeasuredProcess & { id: string; inboxUrl: string }> {
  const w = forkMeasured(MAIN, workerEnv(placementUrl), sim.rootKey, nodeArgs);
  const ready = await w.ready;
  stopAll.push(async () => w.child.kill("SIGKILL"));
  return Object.assign(w, { id: String(ready.workerId), inboxUrl: String(ready.inboxUrl) });
}

async function stopWorker(w: MeasuredProcess, signal: NodeJS.Signals): Promise<void> {
  w.child.kill(signal);
  await w.exited;
}

/** Waits until every listed session reported `status` (default open) after event index `after`; returns ms. */
async function allOpen(
  ids: string[],
  after: number,
  t0: number,
  timeoutMs = 600_000,
  status = "open",
): Promise<{ ms: number; firstMs: number }> {
  const want = new Set(ids);
  let firstMs = -1;
  for (;;) {
    const open = new Set<string>();
    for (const e of events.all.slice(after))
      if (e.type === "session.status" && e.data.status === status && want.has(e.sessionId)) open.add(e.sessionId);
    if (open.size > 0 && firstMs < 0) firstMs = Date.now() - t0;
    if (open.size === want.size) return { ms: Date.now() - t0, firstMs };
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`only ${open.size}/${want.size} sessions open after ${timeoutMs} ms`);
    await sleep(250);
  }
}

/**
 * Per status, when the first and the last of `ids` reported it after event index `after`,
 * by the events' own `at` (the worker's clock): the collector's polling lag is not counted.
 */
function eventPhases(ids: string[], after: number, t0: number): Record<string, { first: number; all: number }> {
  const want = new Set(ids);
  const firstAt = new Map<string, Map<string, number>>();
  for (const e of events.all.slice(after)) {
    if (e.type !== "session.status" || !want.has(e.sessionId)) continue;
    const byId = firstAt.get(e.data.status) ?? new Map<string, number>();
    firstAt.set(e.data.status, byId);
    if (!byId.has(e.sessionId)) byId.set(e.sessionId, Date.parse(e.at) - t0);
  }
  const out: Record<string, { first: number; all: number }> = {};
  for (const [status, byId] of firstAt) {
    if (byId.size < want.size) continue;
    const times = [...byId.values()];
    out[status] = { first: Math.min(...times), all: Math.max(...times) };
  }
  return out;
}

async function place(
  placementUrl: string,
  list: Array<{ tenantId: string; sessionId: string }>,
  connect?: { method: "qr" },
) {
  const q = new SqsQueue<PlacementMessage>({ client: clients.sqs, queueUrl: placementUrl });
  await q.sendBatch(
    list.map((s) => ({
      body: placementMessage({ ...s, epoch: 0, reason: connect ? "connect" : "janitor", connect }, new Date()),
    })),
  );
}

async function pool<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

const perSession = (heap: number, empty: number, n: number) => Math.round(((heap - empty) / n) * 1000) / 1000;

try {
  if (args.fleet) {
    // ---- setup: accounts and sessions ----
    const accounts: string[] = [];
    await pool(
      Array.from({ length: N }),
      20,
      async () => void accounts.push((await sim.admin<{ id: string }>("POST", "/accounts", {})).id),
    );
    const repo = createSessionStore(ctx);
    const sessions = Array.from({ length: N }, () =>
      sessionRecord(newId("tenant"), {
        desiredState: "connected",
        status: "connecting",
        pacing: { messagesPerMinute: 600, burst: 100, dailyCap: 100_000, typingSimulation: false },
      }),
    );
    await pool(sessions, 20, (s) => repo.create(s));
    const targets = sessions.map((s) => ({ tenantId: s.tenantId, sessionId: s.id }));
    const ids = targets.map((t) => t.sessionId);
    const accountOf = new Map(ids.map((id, i) => [id, accounts[i]!]));
    log("setup done", { sessions: N, node: nodeBin() });

    // ---- 1. link N sessions by QR ----
    {
      const q = await ensureQueue(clients.sqs, `b-${tag}-p1`);
      const w = await startWorker(q);
      const scanned = new Set<string>();
      let scanning = true;
      const scanner = (async () => {
        let seen = 0;
        while (scanning) {
          const fresh = events.all.slice(seen);
          seen += fresh.length;
          const qrs = fresh.filter((e) => e.type === "session.qr" && !scanned.has(e.sessionId));
          await pool(qrs, 16, async (e) => {
            if (e.type !== "session.qr" || scanned.has(e.sessionId)) return;
            scanned.add(e.sessionId);
            await sim
              .admin("POST", `/accounts/${accountOf.get(e.sessionId)}/scan`, { qr: e.data.qr })
              .catch(() => scanned.delete(e.sessionId));
          });
          await sleep(100);
        }
      })();
      const mark = events.length;
      const t0 = Date.now();
      await place(q, targets, { method: "qr" });
      const linked = await allOpen(ids, mark, t0);
      scanning = false;
      await scanner;
      results.linkByQr = { sessions: N, ms: linked.ms, perSecond: Math.round((N / linked.ms) * 1000 * 10) / 10 };
      log("linked", results.linkByQr as Record<string, unknown>);
      await stopWorker(w, "SIGTERM");
    }

    // ---- 2. stored sessions to open in a fresh worker ----
    {
      const q = await ensureQueue(clients.sqs, `b-${tag}-p2`);
      const prof = args["cpu-prof-dir"];
      const w = await startWorker(q, prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`] : []);
      const timed = targets.slice(0, Math.min(args.timed, N));
      const mark = events.length;
      await w.request({ cmd: "lag" });
      const t0 = Date.now();
      await place(q, timed);
      const r = await allOpen(
        timed.map((t) => t.sessionId),
        mark,
        t0,
      );
      // event-loop lag inside the worker while the stored sessions opened
      const lag = await w.request<{ p50Ms: number; p99Ms: number; maxMs: number }>({ cmd: "lag" });
      const phases = eventPhases(
        timed.map((t) => t.sessionId),
        mark,
        t0,
      );
      results.storedToOpen = {
        sessions: timed.length,
        ms: phases.open?.all ?? r.ms,
        firstMs: phases.open?.first ?? r.firstMs,
        seenMs: r.ms,
        lagP50Ms: lag.p50Ms,
        lagP99Ms: lag.p99Ms,
        lagMaxMs: lag.maxMs,
      };
      log("stored sessions open", results.storedToOpen as Record<string, unknown>);
      await stopWorker(w, "SIGTERM");
    }

    // ---- 3. density steps in one fresh worker; 4. reconnect cycles; 5. throughput; 6. failover ----
    const q3 = await ensureQueue(clients.sqs, `b-${tag}-p3`);
    const w3 = await startWorker(q3);
    const empty = await w3.measure();
    const density: unknown[] = [];
    let placed = 0;
    for (const step of steps) {
      const batch = targets.slice(placed, step);
      const mark = events.length;
      const t0 = Date.now();
      await place(q3, batch);
      const r = await allOpen(
        batch.map((t) => t.sessionId),
        mark,
        t0,
      );
      placed = step;
      await sleep(3_000);
      const m = await w3.measure();
      density.push({
        sessions: step,
        openMs: r.ms,
        heapUsedMb: m.heapUsedMb,
        rssMb: m.rssMb,
        heapPerSessionMb: perSession(m.heapUsedMb, empty.heapUsedMb, step),
        rssPerSessionMb: perSession(m.rssMb, empty.rssMb, step),
      });
      log("density", density.at(-1) as Record<string, unknown>);
    }
    results.fleetEmpty = empty;
    results.fleetDensity = density;

    // liveness: DynamoDB writes of an idle worker holding every placed session
    {
      await w3.request({ cmd: "aws-calls" });
      const t0 = Date.now();
      await sleep(args["idle-seconds"] * 1000);
      const { calls } = await w3.request<{ calls: Record<string, number> }>({ cmd: "aws-calls" });
      const seconds = (Date.now() - t0) / 1000;
      const writes = ["UpdateItem", "PutItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"].reduce(
        (sum, op) => sum + (calls[op] ?? 0),
        0,
      );
      results.idleLiveness = {
        sessions: placed,
        seconds: Math.round(seconds),
        dynamoCalls: calls,
        writesPerSecond: Math.round((writes / seconds) * 100) / 100,
      };
      log("idle liveness", results.idleLiveness as Record<string, unknown>);
    }

    const cycles: unknown[] = [];
    for (let c = 1; c <= args.cycles; c++) {
      const mark = events.length;
      const t0 = Date.now();
      await pool(
        ids.slice(0, placed),
        32,
        async (id) =>
          void (await sim
            .admin("POST", `/accounts/${accountOf.get(id)}/disconnect`, { reason: "drop" })
            .catch(() => undefined)),
      );
      const r = await allOpen(ids.slice(0, placed), mark, t0);
      // let the reconnect's follow-up work (key writes, init queries) finish before measuring
      await sleep(10_000);
      const m = await w3.measure();
      cycles.push({ cycle: c, ms: r.ms, heapUsedMb: m.heapUsedMb, rssMb: m.rssMb });
      log("reconnect cycle", cycles.at(-1) as Record<string, unknown>);
    }
    results.reconnectCycles = cycles;
    results.loadAverage = (await import("node:os")).loadavg().map((l) => Math.round(l * 100) / 100);

    if (args.sends > 0) {
      const senders = targets.slice(0, Math.min(args["send-sessions"], placed));
      const perSender = Math.ceil(args.sends / senders.length);
      const inbox = new SqsQueue<FleetCommand>({ client: clients.sqs, queueUrl: w3.inboxUrl });
      const wanted = new Set<string>();
      const commands = senders.flatMap((s) =>
        Array.from({ length: perSender }, () => {
          const messageId = newId("message");
          wanted.add(messageId);
          const cmd = {
            id: newId("command"),
            type: "message.send_text",
            v: 1,
            ...s,
            epoch: 0,
            at: new Date().toISOString(),
            data: { messageId, to: "4915100009999", text: "benchmark message" },
          } as FleetCommand;
          return { body: cmd, opts: { groupId: s.sessionId, deduplicationId: cmd.id } };
        }),
      );
      const mark = events.length;
      const t0 = Date.now();
      await inbox.sendBatch(commands);
      const enqueuedMs = Date.now() - t0;
      let sent = 0;
      let failed = 0;
      for (;;) {
        sent = 0;
        failed = 0;
        for (const e of events.all.slice(mark)) {
          if (e.type !== "message.status" || !e.data.messageId || !wanted.has(e.data.messageId)) continue;
          if (e.data.status === "sent") sent++;
          if (e.data.status === "failed") failed++;
        }
        if (sent + failed >= wanted.size || Date.now() - t0 > 300_000) break;
        await sleep(250);
      }
      const ms = Date.now() - t0;
      results.sendThroughput = {
        messages: wanted.size,
        sessions: senders.length,
        sent,
        failed,
        enqueuedMs,
        ms,
        perSecond: Math.round((sent / ms) * 1000 * 10) / 10,
      };
      log("send throughput", results.sendThroughput as Record<string, unknown>);
    }

    if (args.failover) {
      const registry = createWorkerRegistry(ctx, `b-${tag}-inbox-`);
      const standby = await startWorker(q3);
      await sleep(2_000);
      const mark = events.length;
      const t0 = Date.now();
      w3.child.kill("SIGKILL");
      // detection: a survivor reaped the dead worker (its item marked reaped, or removed)
      const detected = (async () => {
        for (;;) {
          const rec = await registry.get(w3.id).catch(() => undefined);
          if (rec === null || rec?.reaped) return Date.now() - t0;
          await sleep(100);
        }
      })();
      const r = await allOpen(ids.slice(0, placed), mark, t0);
      const phases = eventPhases(ids.slice(0, placed), mark, t0);
      results.failover = {
        sessions: placed,
        leaseTtlMs: 30_000,
        detectedMs: await detected,
        // the survivor's `reconnecting` (owner_lost) is its first event after claiming and starting
        firstClaimedMs: phases.reconnecting?.first,
        allClaimedMs: phases.reconnecting?.all,
        firstOpenMs: phases.open?.first ?? r.firstMs,
        allOpenMs: phases.open?.all ?? r.ms,
        allOpenSeenMs: r.ms,
      };
      log("failover", results.failover as Record<string, unknown>);

      // drain: SIGTERM the worker holding every session; a fresh one takes them over
      const next = await startWorker(q3);
      await sleep(2_000);
      const drainMark = events.length;
      const d0 = Date.now();
      standby.child.kill("SIGTERM");
      const exited = standby.exited.then(() => Date.now() - d0);
      // handed over: the draining worker reported every session `reconnecting` (socket closed, lease released)
      const released = await allOpen(ids.slice(0, placed), drainMark, d0, 600_000, "reconnecting");
      const handed = await allOpen(ids.slice(0, placed), drainMark, d0);
      const drainPhases = eventPhases(ids.slice(0, placed), drainMark, d0);
      results.drain = {
        sessions: placed,
        allHandedOverMs: drainPhases.reconnecting?.all ?? released.ms,
        firstOpenMs: drainPhases.open?.first ?? handed.firstMs,
        allOpenElsewhereMs: drainPhases.open?.all ?? handed.ms,
        allOpenSeenMs: handed.ms,
        exitMs: await exited,
      };
      log("drain", results.drain as Record<string, unknown>);
      await stopWorker(next, "SIGTERM");
    } else {
      await stopWorker(w3, "SIGTERM");
    }
  }

  // ---- 7. raw Baileys baseline ----
  if (args.raw) {
    const rawAccounts: string[] = [];
    await pool(
      Array.from({ length: N }),
      20,
      async () => void rawAccounts.push((await sim.admin<{ id: string }>("POST", "/accounts", {})).id),
    );
    const raw = forkMeasured(join(FLEET_DIR, "bench/raw-baileys.ts"), {}, sim.rootKey);
    stopAll.push(async () => raw.child.kill("SIGKILL"));
    await raw.ready;
    const rawEmpty = await raw.measure();
    // pairing in steps: heap per freshly linked socket at each step
    const rawDensity: unknown[] = [];
    let linkedCount = 0;
    let linkMs = 0;
    for (const step of steps) {
      const r = await raw.request<{ ms: number }>({
        cmd: "link",
        ids: rawAccounts.slice(linkedCount, step),
        url: sim.url,
        adminUrl: sim.adminUrl,
        concurrency: 16,
      });
      linkMs += r.ms;
      linkedCount = step;
      await sleep(3_000);
      const m = await raw.measure();
      rawDensity.push({
        sessions: step,
        heapUsedMb: m.heapUsedMb,
        rssMb: m.rssMb,
        heapPerSessionMb: perSession(m.heapUsedMb, rawEmpty.heapUsedMb, step),
        rssPerSessionMb: perSession(m.rssMb, rawEmpty.rssMb, step),
      });
      log("raw density (paired)", rawDensity.at(-1) as Record<string, unknown>);
    }
    // then every socket reconnects with its stored (in-memory) creds, as the fleet's did
    await raw.request({ cmd: "end" });
    const again = await raw.request<{ ms: number }>({ cmd: "reconnect", count: linkedCount });
    await sleep(3_000);
    const m = await raw.measure();
    const reconnected = {
      sessions: linkedCount,
      openMs: again.ms,
      heapUsedMb: m.heapUsedMb,
      rssMb: m.rssMb,
      heapPerSessionMb: perSession(m.heapUsedMb, rawEmpty.heapUsedMb, linkedCount),
    };
    log("raw reconnected", reconnected);
    results.rawBaileys = { empty: rawEmpty, linkMs, density: rawDensity, reconnected };
    raw.child.kill("SIGTERM");
  }
} finally {
  results.finishedAt = new Date().toISOString();
  const file = join(tmpdir(), `wharf-fleet-bench-${tag}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
  console.log(`results written to ${file}`);
  for (const stop of stopAll) await stop().catch(() => undefined);
  await events.stop();
  await sim.stop();
  await stack.stop();
  clients.dynamo.destroy();
  clients.sqs.destroy();
}
