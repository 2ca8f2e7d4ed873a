import { createWorkerRegistry, SqsQueue } from "@wharf/aws";
import type { FleetCommand } from "@wharf/contracts";
import { newId } from "@wharf/core";
import { ownCpuMs } from "./cpu";
import type { BenchEnv, BenchWorker } from "./env";
import type { Target } from "./fleet-phases";
import { type ProbeTimeline, sendTimeline } from "./send-timeline";
import { log, round, sleep } from "./util";

const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

/**
 * 5. send throughput, pacing out of the way: `total` send_text commands put straight into the
 * worker's inbox, spread over `senders`; the rate is sent messages over the time until the
 * last `message.status` came back. Also CPU ms per sent message of each process (worker by
 * its probe, the simulator and DynamoDB Local from /proc, this process: fauxqs, the collector
 * and the driver) and the worker's SDK calls per sent message (its own counting middleware).
 */
export async function sendThroughput(
  env: BenchEnv,
  w: BenchWorker,
  senders: Target[],
  total: number,
  profileFile?: string,
) {
  const perSender = Math.ceil(total / senders.length);
  const inbox = new SqsQueue<FleetCommand>({ client: env.clients.sqs, queueUrl: w.inboxUrl });
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
  const workerCpu = async () => (await w.request<{ cpuMs: number }>({ cmd: "cpu" }, 30_000)).cpuMs;
  await w.request({ cmd: "sdk-calls" }, 30_000);
  await w.request({ cmd: "timeline" }, 30_000);
  if (profileFile) await w.request({ cmd: "profile-start" }, 30_000);
  const cpu0 = {
    worker: await workerCpu(),
    sim: env.cpu.sim(),
    dynamodbLocal: env.cpu.dynamodbLocal(),
    bench: ownCpuMs(),
  };
  const mark = env.events.length;
  const t0 = Date.now();
  log("sending", { messages: wanted.size, sessions: senders.length });
  await inbox.sendBatch(commands);
  const enqueuedMs = Date.now() - t0;
  log("enqueued", { ms: enqueuedMs });
  let sent = 0;
  let failed = 0;
  for (;;) {
    sent = 0;
    failed = 0;
    for (const e of env.events.all.slice(mark)) {
      if (e.type !== "message.status" || !e.data.messageId || !wanted.has(e.data.messageId)) continue;
      if (e.data.status === "sent") sent++;
      if (e.data.status === "failed") failed++;
    }
    if (sent + failed >= wanted.size || Date.now() - t0 > 300_000) break;
    await sleep(100);
  }
  const ms = Date.now() - t0;
  if (profileFile) await w.request({ cmd: "profile-stop", file: profileFile }, 120_000);
  const timeline = sendTimeline(await w.request<ProbeTimeline>({ cmd: "timeline" }, 30_000));
  const { calls } = await w.request<{ calls: Record<string, number> }>({ cmd: "sdk-calls" });
  const cpu = {
    worker: (await workerCpu()) - cpu0.worker,
    sim: env.cpu.sim() - cpu0.sim,
    dynamodbLocal: env.cpu.dynamodbLocal() - cpu0.dynamodbLocal,
    bench: ownCpuMs() - cpu0.bench,
  };
  const per = (x: number) => (sent > 0 ? round(x / sent, 3) : Number.NaN);
  const result = {
    messages: wanted.size,
    sessions: senders.length,
    sent,
    failed,
    enqueuedMs,
    ms,
    perSecond: round((sent / ms) * 1000, 1),
    cpuMsPerMessage: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, per(v)])),
    sdkCalls: calls,
    sdkCallsPerMessage: per(sum(calls)),
    timeline,
    ...(profileFile ? { profile: profileFile } : {}),
  };
  log("send throughput", result);
  return result;
}

/** 6a. failover: SIGKILL the owner of every session; a standby started before takes them all over. */
export async function failover(env: BenchEnv, w: BenchWorker, placementUrl: string, ids: string[]) {
  const registry = createWorkerRegistry(env.ctx, `b-${env.tag}-inbox-`);
  const standby = await env.startWorker(placementUrl);
  await sleep(2_000);
  const mark = env.events.length;
  const t0 = Date.now();
  w.child.kill("SIGKILL");
  // detection: a survivor reaped the dead worker (its item marked reaped, or removed)
  const detected = (async () => {
    for (;;) {
      const rec = await registry.get(w.id).catch(() => undefined);
      if (rec === null || rec?.reaped) return Date.now() - t0;
      await sleep(100);
    }
  })();
  const r = await env.allOpen(ids, mark, t0);
  const phases = env.eventPhases(ids, mark, t0);
  const result = {
    sessions: ids.length,
    leaseTtlMs: 30_000,
    detectedMs: await detected,
    // the survivor's `reconnecting` (owner_lost) is its first event after claiming and starting
    firstClaimedMs: phases.reconnecting?.first,
    allClaimedMs: phases.reconnecting?.all,
    firstOpenMs: phases.open?.first ?? r.firstMs,
    allOpenMs: phases.open?.all ?? r.ms,
    allOpenSeenMs: r.ms,
  };
  log("failover", result);
  return { result, standby };
}

/** 6b. drain: SIGTERM the worker holding every session; a fresh one takes them over. */
export async function drain(env: BenchEnv, owner: BenchWorker, placementUrl: string, ids: string[]) {
  const next = await env.startWorker(placementUrl);
  await sleep(2_000);
  const mark = env.events.length;
  const t0 = Date.now();
  owner.child.kill("SIGTERM");
  const exited = owner.exited.then(() => Date.now() - t0);
  // handed over: the draining worker reported every session `reconnecting` (socket closed, lease released)
  const released = await env.allOpen(ids, mark, t0, 600_000, "reconnecting");
  const handed = await env.allOpen(ids, mark, t0);
  const phases = env.eventPhases(ids, mark, t0);
  const result = {
    sessions: ids.length,
    allHandedOverMs: phases.reconnecting?.all ?? released.ms,
    firstOpenMs: phases.open?.first ?? handed.firstMs,
    allOpenElsewhereMs: phases.open?.all ?? handed.ms,
    allOpenSeenMs: handed.ms,
    exitMs: await exited,
  };
  log("drain", result);
  await env.stopWorker(next, "SIGTERM");
  return result;
}
