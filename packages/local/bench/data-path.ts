/**
 * Data-path benchmark on the local stack (DynamoDB Local + fauxqs + the WS gateway + the
 * pollers, as `npm start` runs them):
 *   inbound:  event put on Events.fifo → frame at a real `ws` client   (p50 / p99)
 *   outbound: POST /v1/sessions/{id}/messages → command in the owner's Inbox.fifo (p50 / p99)
 * at 10, 50, 100 and 200 msg/s (or --rates), spread over one enterprise-plan tenant's sessions
 * the way its traffic would be; per rate also what was delivered per second (below the offered
 * rate: the path did not keep up), the runtime's own SDK calls by command name (its clients
 * wrapped through the onAwsClients seam) per inbound event and per accepted POST, the CPU of
 * this process and of DynamoDB Local per unit and in cores, and the POSTs answered 429 / 5xx.
 * Per inbound event the calls are also split: the handlers' own (`handler`: what Wharf's code
 * calls) and the SQS pollers' receives and deletes (`eventSource`: on AWS, Lambda's event
 * source mapping makes these); `perInboundEvent` is their sum.
 * Run: cd packages/local && npx tsx bench/data-path.ts [--seconds 5] [--sessions 40] [--rates 10,50,100,200]
 *   [--json FILE] (the figures per rate as JSON too: the fleet bench's ratio table reads them)
 *   [--java-prof FILE] (a Java Flight Recorder profile of DynamoDB Local over all rates, summarised at the end)
 *   [--post-prof FILE] (a CPU profile of this process over the outbound phase; with several rates, the last one's)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  SqsQueue,
  type SdkCallCounter,
  claimSessionLease,
  countSdkCalls,
  createDynamoClients,
  createSqsClient,
  ENTITY,
  ensureQueue,
  keys,
  LOCAL_CREDENTIALS,
} from "@wharf/aws";
import type { FleetEvent } from "@wharf/contracts";
import { newId } from "@wharf/core";
import pino from "pino";
import WebSocket from "ws";
import { startLocalRuntime } from "../src/runtime";
import { startJavaProfile } from "./java-profile";
import { startPhaseProfile } from "./phase-profile";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SECONDS = arg("seconds", 5);
const SESSIONS = arg("sessions", 40);
const stringArg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const JSON_FILE = stringArg("json");
const JAVA_PROF_FILE = stringArg("java-prof");
const POST_PROF_FILE = stringArg("post-prof");
const RATES = (stringArg("rates") ?? "10,50,100,200").split(",").map(Number);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const fmt = (xs: number[]) =>
  `n=${xs.length} p50=${pct(xs, 50).toFixed(1)} ms p99=${pct(xs, 99).toFixed(1)} ms max=${Math.max(...xs).toFixed(1)} ms`;

/** utime + stime of a process from /proc (Linux, 100 ticks/s); NaN when unreadable. */
function procCpuMs(pid: number | null): number {
  if (pid === null) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** DynamoDB Local's java among this process's children (the runtime started it). */
function dynamoLocalPid(): number | null {
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("DynamoDBLocal")) return pid;
    } catch {}
  }
  return null;
}

/**
 * CPU ms per unit over a phase: this process (API, consumers, gateway, fauxqs and the bench's
 * own clients: one process) and DynamoDB Local. Under a shared machine this is steadier than latency.
 */
function cpuMeter(javaPid: number | null) {
  const read = () => ({
    node: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    java: procCpuMs(javaPid),
    wall: performance.now(),
  });
  let start = read();
  return {
    reset: () => {
      start = read();
    },
    perUnit: (units: number) => {
      const end = read();
      const r = (x: number) => Math.round((x / Math.max(units, 1)) * 100) / 100;
      // cores: the share of the machine each used over the phase (2 cores here: 2.0 is all of it)
      const cores = (x: number) => Math.round((x / Math.max(end.wall - start.wall, 1)) * 100) / 100;
      return {
        processMs: r(end.node - start.node),
        dynamoLocalMs: r(end.java - start.java),
        processCores: cores(end.node - start.node),
        dynamoLocalCores: cores(end.java - start.java),
      };
    },
  };
}

/** Calls per unit by command name (2 decimals), and their total. */
function perUnit(counts: Record<string, number>, units: number) {
  const r = (x: number) => Math.round((x / Math.max(units, 1)) * 100) / 100;
  const byCommand = Object.fromEntries(
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .map(([k, v]) => [k, r(v)]),
  );
  return { total: r(Object.values(counts).reduce((a, b) => a + b, 0)), byCommand };
}
const fmtCalls = (c: ReturnType<typeof perUnit>) =>
  `${c.total} (${Object.entries(c.byCommand)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")})`;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), "wharf-bench-"));
  let calls: SdkCallCounter | undefined;
  let sourceCalls: SdkCallCounter | undefined;
  const rt = await startLocalRuntime({
    port: 0,
    realtimePort: 0,
    dataDir,
    inMemory: true,
    logger: pino({ level: "warn" }),
    // the runtime's clients only (API, consumers, fan-out; the pollers apart): the bench's own are not counted
    onAwsClients: (c) => {
      calls = countSdkCalls([c.dynamo, c.sqs, c.s3, c.management]);
      sourceCalls = countSdkCalls([c.eventSource]);
    },
  });
  const sdkCalls = calls;
  const sourceSdkCalls = sourceCalls;
  if (!sdkCalls || !sourceSdkCalls) throw new Error("the runtime did not hand over its clients");
  const resetCalls = () => {
    sdkCalls.reset();
    sourceSdkCalls.reset();
  };
  /** handler and event-source calls since the last take, and their sum */
  const takeCalls = () => {
    const handler = sdkCalls.take();
    const eventSource = sourceSdkCalls.take();
    const all: Record<string, number> = { ...handler };
    for (const [k, v] of Object.entries(eventSource)) all[k] = (all[k] ?? 0) + v;
    return { all, handler, eventSource };
  };
  const javaPid = dynamoLocalPid();
  const cpu = cpuMeter(javaPid);
  const { doc } = createDynamoClients({
    region: rt.region,
    endpoint: rt.dynamoEndpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  const sqs = createSqsClient({ region: rt.region, endpoint: rt.sqsEndpoint, credentials: LOCAL_CREDENTIALS });
  const call = async (method: string, path: string, key: string, body?: unknown) => {
    const res = await fetch(`${rt.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  try {
    const tenant = (await call("POST", "/v1/tenants", rt.adminKey, { name: "bench" })).body;
    const key = tenant.apiKey.secret as string;
    const tenantId = tenant.tenant.id as string;
    // the default plan's 50 requests/s per key would answer 429 from about 100 msg/s on: this measures the path, not the plan
    const upgraded = await call("PATCH", `/v1/tenants/${tenantId}`, rt.adminKey, { plan: "enterprise" });
    if (upgraded.status !== 200) throw new Error(`plan not set: ${upgraded.status}`);

    // one fake worker owning every session, with its own inbox
    const workerId = newId("worker");
    const inboxUrl = await ensureQueue(sqs, `bench-${workerId.toLowerCase()}.fifo`, { fifo: true });
    const now = new Date();
    await doc.send(
      new PutCommand({
        TableName: rt.tableName,
        Item: {
          ...keys.worker(workerId),
          gsi1pk: keys.workersIndexPk,
          gsi1sk: workerId,
          entity: ENTITY.worker,
          id: workerId,
          inboxUrl,
          capacity: 1000,
          load: SESSIONS,
          state: "running",
          startedAt: now.toISOString(),
          heartbeatAt: now.toISOString(),
        },
      }),
    );
    const sessions: Array<{ id: string; epoch: number }> = [];
    for (let i = 0; i < SESSIONS; i++) {
      const s = (
        await call("POST", "/v1/sessions", key, {
          name: `b${i}`,
          pacing: { messagesPerMinute: 600, burst: 100, dailyCap: 100000 },
        })
      ).body;
      const claim = await claimSessionLease(
        { doc, tableName: rt.tableName },
        { tenantId, sessionId: s.id, owner: workerId, now: new Date(), ttlMs: 3_600_000 },
      );
      if (claim.status !== "claimed") throw new Error("claim failed");
      await doc.send(
        new (await import("@aws-sdk/lib-dynamodb")).UpdateCommand({
          TableName: rt.tableName,
          Key: keys.session(tenantId, s.id),
          UpdateExpression: "SET #s = :open",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":open": "open" },
        }),
      );
      sessions.push({ id: s.id, epoch: claim.lease.epoch });
    }

    const token = (await call("POST", "/v1/realtime/tokens", key, {})).body;
    const ws = new WebSocket(`${token.url}?token=${token.token}`);
    await new Promise((r, j) => (ws.once("open", r), ws.once("error", j)));
    const frameSeen = new Map<string, number>();
    ws.on("message", (d) => {
      const f = JSON.parse(d.toString());
      frameSeen.set(f.id, performance.now());
    });

    const events = new SqsQueue<FleetEvent>({ client: sqs, queueUrl: rt.queues.events });
    // batched deletes, as a worker makes them (this client shares the runtime's process)
    const inbox = new SqsQueue<unknown>({ client: sqs, queueUrl: inboxUrl, batchDeletes: true });
    const commandSeen = new Map<string, number>();
    let polling = true;
    const pollers = Array.from({ length: 4 }, async () => {
      while (polling) {
        const batch = await inbox.receive({ max: 10, waitSeconds: 1 });
        const t = performance.now();
        for (const m of batch)
          commandSeen.set((JSON.parse(m.body) as { data: { messageId: string } }).data.messageId, t);
        await Promise.all(batch.map((m) => inbox.delete(m.receiptHandle)));
      }
    });

    const paced = async (rate: number, fn: (i: number) => Promise<void>) => {
      const total = rate * SECONDS;
      const start = performance.now();
      const pending: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        const due = start + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        pending.push(fn(i));
      }
      await Promise.all(pending);
    };
    const settle = async (want: () => boolean) => {
      for (let i = 0; i < 300 && !want(); i++) await new Promise((r) => setTimeout(r, 100));
    };

    const figures: Record<string, unknown> = {};
    const stats = (xs: number[]) => ({ n: xs.length, p50Ms: pct(xs, 50), p99Ms: pct(xs, 99) });
    /** delivered per second, first send to last delivery: below the offered rate, the path did not keep up */
    const kept = (starts: Map<string, number>, seen: Map<string, number>) => {
      const ids = [...starts.keys()].filter((id) => seen.has(id));
      if (ids.length === 0) return 0;
      const first = Math.min(...ids.map((id) => starts.get(id)!));
      const last = Math.max(...ids.map((id) => seen.get(id)!));
      return Math.round((ids.length / Math.max(last - first, 1)) * 10_000) / 10;
    };
    const javaProfile = JAVA_PROF_FILE && javaPid !== null ? startJavaProfile(javaPid, JAVA_PROF_FILE) : null;
    for (const rate of RATES) {
      // inbound (the event-source counter also sees the pollers' idle long polls: a few per phase)
      resetCalls();
      cpu.reset();
      const sent = new Map<string, number>();
      await paced(rate, async (i) => {
        const s = sessions[i % sessions.length]!;
        const id = newId("event");
        const e = {
          id,
          type: "message.received",
          v: 1,
          tenantId,
          sessionId: s.id,
          epoch: s.epoch,
          at: new Date().toISOString(),
          data: {
            waMessageId: `BENCH${id}`,
            chatJid: `49151000${String(i % 50).padStart(5, "0")}@s.whatsapp.net`,
            senderJid: `49151000${String(i % 50).padStart(5, "0")}@s.whatsapp.net`,
            senderPhone: null,
            pushName: "Bench",
            sentAt: new Date().toISOString(),
            content: { kind: "text", text: `m${i}` },
          },
        } as FleetEvent;
        sent.set(id, performance.now());
        await events.send(e, { groupId: s.id, deduplicationId: id });
      });
      await settle(() => [...sent.keys()].every((id) => frameSeen.has(id)));
      const inbound = [...sent].filter(([id]) => frameSeen.has(id)).map(([id, t0]) => frameSeen.get(id)! - t0);
      const taken = takeCalls();
      const inboundCalls = perUnit(taken.all, inbound.length);
      const inboundHandlerCalls = perUnit(taken.handler, inbound.length);
      const inboundSourceCalls = perUnit(taken.eventSource, inbound.length);
      const inboundCpu = cpu.perUnit(inbound.length);
      cpu.reset();

      // outbound
      const postProfile = POST_PROF_FILE ? await startPhaseProfile(POST_PROF_FILE) : null;
      const posted = new Map<string, number>();
      let refused = 0;
      const refusedBy: Record<string, number> = {};
      await paced(rate, async (i) => {
        const s = sessions[i % sessions.length]!;
        const t0 = performance.now();
        // a connection reset (a keep-alive socket closed under the client) is no HTTP answer: "net"
        const res = await call("POST", `/v1/sessions/${s.id}/messages`, key, {
          type: "text",
          to: "4915100000001",
          text: `o${i}`,
        }).catch(() => ({ status: "net" as const, body: null }));
        if (res.status === 202) posted.set(res.body.id, t0);
        else {
          refused++;
          refusedBy[res.status] = (refusedBy[res.status] ?? 0) + 1;
        }
      });
      await settle(() => [...posted.keys()].every((id) => commandSeen.has(id)));
      const outbound = [...posted].filter(([id]) => commandSeen.has(id)).map(([id, t0]) => commandSeen.get(id)! - t0);
      const postCalls = perUnit(takeCalls().all, posted.size);
      const postCpu = cpu.perUnit(posted.size);
      await postProfile?.stop();
      const serverErrors = Object.entries(refusedBy)
        .filter(([status]) => Number(status) >= 500)
        .reduce((a, [, n]) => a + n, 0);
      const tooMany = refusedBy[429] ?? 0;
      const netErrors = refusedBy.net ?? 0;

      const inboundDelivered = kept(sent, frameSeen);
      const outboundDelivered = kept(posted, commandSeen);
      figures[rate] = {
        inbound: { ...stats(inbound), lost: sent.size - inbound.length, deliveredPerSecond: inboundDelivered },
        outbound: {
          ...stats(outbound),
          refused,
          tooMany,
          serverErrors,
          netErrors,
          refusedBy,
          missing: posted.size - outbound.length,
          deliveredPerSecond: outboundDelivered,
        },
        sdkCalls: {
          perInboundEvent: inboundCalls,
          perInboundEventSplit: { handler: inboundHandlerCalls, eventSource: inboundSourceCalls },
          perPost: postCalls,
        },
        cpuMs: { perInboundEvent: inboundCpu, perPost: postCpu },
      };
      console.log(`${rate} msg/s for ${SECONDS} s over ${SESSIONS} sessions`);
      console.log(
        `  inbound  event → WS frame:      ${fmt(inbound)} (lost ${sent.size - inbound.length}; ${inboundDelivered} msg/s delivered)`,
      );
      console.log(
        `  outbound POST → inbox command:  ${fmt(outbound)} (refused ${refused}: 429 ${tooMany}, 5xx ${serverErrors}, no answer ${netErrors}; missing ${posted.size - outbound.length}; ${outboundDelivered} msg/s delivered)`,
      );
      console.log(`  SDK calls per inbound event:    ${fmtCalls(inboundCalls)}`);
      console.log(`    by the events handler:        ${fmtCalls(inboundHandlerCalls)}`);
      console.log(`    by the event source (pollers): ${fmtCalls(inboundSourceCalls)}`);
      console.log(`  SDK calls per accepted POST:    ${fmtCalls(postCalls)}`);
      const fmtCpu = (c: typeof postCpu) =>
        `process ${c.processMs} ms, DynamoDB Local ${c.dynamoLocalMs} ms (cores used: ${c.processCores}, ${c.dynamoLocalCores})`;
      console.log(`  CPU per inbound event:          ${fmtCpu(inboundCpu)}`);
      console.log(`  CPU per accepted POST:          ${fmtCpu(postCpu)}`);
    }
    if (javaProfile) console.log(javaProfile.stop());
    if (JSON_FILE) writeFileSync(JSON_FILE, JSON.stringify({ seconds: SECONDS, sessions: SESSIONS, rates: figures }));
    polling = false;
    await Promise.all(pollers);
    ws.close();
  } finally {
    doc.destroy();
    sqs.destroy();
    await rt.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
