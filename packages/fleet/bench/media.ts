/**
 * Media benchmark (issue #11, DESIGN §11), one real fleet worker (its own process, measured)
 * against the simulator (own process), DynamoDB Local and fauxqs S3:
 *   1. `--big` concurrent 16 MB video sends, one per session: worker peak RSS growth.
 *   2. inbound: `--inbound` contacts send a 16 MB video at once; the worker downloads, decrypts
 *      and stores each (multipart): worker peak RSS growth and time until all are stored.
 *   3. 1 MB image sends at each of `--rates` per second for `--seconds`: throughput and
 *      p50/p99 command enqueued → sent and → delivered (the contact's receipt), by the events'
 *      own times. The command enters the owner's Inbox.fifo as the API's POST puts it there
 *      (the API itself is not in this harness: packages/local/bench measures POST → inbox).
 * Run: pnpm --filter @wharf/fleet bench:media [-- --seconds 20 --rates 5,20 --big 50]
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createS3MediaObjects, createSessionStore, ensureQueue, SqsQueue } from "@wharf/aws";
import { stackClients, startTestStack } from "@wharf/aws/testing";
import type { FleetCommand, MediaSource, PlacementMessage } from "@wharf/contracts";
import { newId, placementMessage } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { waMessageIdFor } from "../src/session/wa-message-id";
import { EventCollector } from "../src/testing/harness";
import { FLEET_DIR, forkMeasured, nodeBin, startSimProcess } from "./lib/processes";

const { values: opt } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    seconds: { type: "string", default: "20" },
    rates: { type: "string", default: "5,20" },
    big: { type: "string", default: "50" },
    // the simulator keeps 256 MB of files: more inbound 16 MB files at once would be evicted there
    inbound: { type: "string", default: "12" },
    // sessions the rate phase spreads over (each sends one message at a time, ≤ 10/s by pacing)
    "rate-sessions": { type: "string", default: "20" },
    "cpu-prof-dir": { type: "string" },
  },
});
const SECONDS = Number(opt.seconds);
const RATES = String(opt.rates).split(",").map(Number);
const BIG = Number(opt.big);
const INBOUND = Number(opt.inbound);
const RATE_SESSIONS = Number(opt["rate-sessions"]);
const MB = 1024 * 1024;
const log = (msg: string, data: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ t: new Date().toISOString().slice(11, 19), msg, ...data }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : Number.NaN;
};
const results: Record<string, unknown> = { node: nodeBin(), startedAt: new Date().toISOString() };

const stack = await startTestStack();
const clients = stackClients(stack);
const objects = createS3MediaObjects(clients.s3, stack.mediaBucket);
const prof = opt["cpu-prof-dir"];
const sim = await startSimProcess(prof ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${prof}`] } : {});
const tag = Date.now().toString(36);
const eventsUrl = await ensureQueue(clients.sqs, `bm-${tag}-events.fifo`, { fifo: true });
const placementUrl = await ensureQueue(clients.sqs, `bm-${tag}-placement`);
const events = new EventCollector(clients.sqs, eventsUrl);
events.start();
const caFile = join(mkdtempSync(join(tmpdir(), "wharf-bench-media-")), "media-ca.pem");
writeFileSync(caFile, (await sim.admin<{ pem: string }>("GET", "/media-ca")).pem);

const worker = forkMeasured(
  join(FLEET_DIR, "src/main.ts"),
  {
    AWS_REGION: stack.region,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: stack.sqsEndpoint,
    AWS_ENDPOINT_URL_S3: stack.sqsEndpoint,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    WHARF_TABLE_NAME: stack.tableName,
    WHARF_PLACEMENT_QUEUE_URL: placementUrl,
    WHARF_EVENTS_QUEUE_URL: eventsUrl,
    WHARF_AUTH_STATE_KEY: randomBytes(32).toString("base64"),
    WHARF_INBOX_QUEUE_PREFIX: `bm-${tag}-inbox-`,
    WHARF_MEDIA_BUCKET: stack.mediaBucket,
    WHARF_WA_MEDIA_CA_FILE: caFile,
    WHARF_WA_WEBSOCKET_URL: sim.url,
    LOG_LEVEL: "warn",
  },
  sim.rootKey,
  prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`] : [],
);
const ready = await worker.ready;
const inbox = new SqsQueue<FleetCommand>({ client: clients.sqs, queueUrl: String(ready.inboxUrl) });
const peak = () => worker.request<{ peakRssMb: number; heapUsedMb: number; rssMb: number }>({ cmd: "peak" });

/** Polls the collected events until `done` holds (or the deadline passes). */
async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const t0 = Date.now();
  while (!done()) {
    if (Date.now() - t0 > timeoutMs) return false;
    await sleep(100);
  }
  return true;
}

try {
  // ---- setup: sessions linked by QR (the simulator's phones scan) ----
  const repo = createSessionStore({ doc: clients.doc, tableName: stack.tableName });
  const pacing = { messagesPerMinute: 600, burst: 100, dailyCap: 100_000, typingSimulation: false };
  const sessions = Array.from({ length: Math.max(BIG, RATE_SESSIONS, INBOUND) }, () =>
    sessionRecord(newId("tenant"), { desiredState: "connected", status: "connecting", pacing }),
  );
  const accounts = new Map<string, string>();
  for (const s of sessions) {
    await repo.create(s);
    accounts.set(s.id, (await sim.admin<{ id: string }>("POST", "/accounts", {})).id);
  }
  const placements = new SqsQueue<PlacementMessage>({ client: clients.sqs, queueUrl: placementUrl });
  for (const s of sessions)
    await placements.send(
      placementMessage(
        { tenantId: s.tenantId, sessionId: s.id, epoch: 0, reason: "connect", connect: { method: "qr" } },
        new Date(),
      ),
    );
  const scanned = new Set<string>();
  const open = new Set<string>();
  await until(() => {
    for (const e of events.all) {
      if (e.type === "session.status" && e.data.status === "open") open.add(e.sessionId);
      if (e.type === "session.qr" && !scanned.has(e.sessionId)) {
        scanned.add(e.sessionId);
        void sim
          .admin("POST", `/accounts/${accounts.get(e.sessionId)}/scan`, { qr: e.data.qr })
          .catch(() => scanned.delete(e.sessionId));
      }
    }
    return open.size === sessions.length;
  }, 300_000);
  log("sessions open", { sessions: open.size });
  await sleep(3_000);

  const phones = new Map(sessions.map((s) => [s.id, accounts.get(s.id)!]));
  const CONTACT = "4915100004242";
  const send = (s: (typeof sessions)[number], content: unknown, messageId: string) =>
    inbox.send(
      {
        id: newId("command"),
        type: "message.send",
        v: 1,
        tenantId: s.tenantId,
        sessionId: s.id,
        epoch: 0,
        at: new Date().toISOString(),
        data: { messageId, to: CONTACT, content },
      } as FleetCommand,
      { groupId: s.id, deduplicationId: newId("command") },
    );
  const statusAt = (status: string) => {
    const at = new Map<string, number>();
    for (const e of events.all)
      if (e.type === "message.status" && e.data.status === status && e.data.waMessageId)
        at.set(e.data.waMessageId, Date.parse(e.at));
    return at;
  };
  const failures = () => {
    const codes: Record<string, number> = {};
    for (const e of events.all)
      if (e.type === "message.status" && e.data.status === "failed") {
        const c = e.data.failure?.code ?? "?";
        codes[c] = (codes[c] ?? 0) + 1;
      }
    return codes;
  };

  // ---- 1. concurrent 16 MB sends, one per session ----
  {
    const video: MediaSource = {
      kind: "upload",
      mediaId: newId("media"),
      key: `bench/${tag}/video-16mb`,
      mimetype: "video/mp4",
      size: 16 * MB,
    };
    async function* pieces() {
      for (let i = 0; i < 16; i++) yield randomBytes(MB);
    }
    await objects.put(video.key, pieces(), "video/mp4"); // multipart: fauxqs takes no 16 MB PUT
    await sleep(2_000);
    const before = await peak();
    const ids = sessions.slice(0, BIG).map((s) => {
      const messageId = newId("message");
      void send(s, { type: "video", media: video }, messageId);
      return waMessageIdFor(messageId);
    });
    const t0 = Date.now();
    await until(() => {
      const s = statusAt("sent");
      return ids.every((id) => s.has(id));
    }, 300_000);
    const sent = statusAt("sent");
    const m = await peak();
    results.concurrentBigSends = {
      sends: BIG,
      fileMb: 16,
      sent: ids.filter((id) => sent.has(id)).length,
      allSentMs: Date.now() - t0,
      failed: failures(),
      rssBeforeMb: before.rssMb,
      peakRssMb: m.peakRssMb,
      peakRssGrowthMb: Math.round((m.peakRssMb - before.rssMb) * 10) / 10,
      bufferedWholeWouldBeMb: BIG * 16,
    };
    log("concurrent 16 MB sends", results.concurrentBigSends as Record<string, unknown>);
  }

  // ---- 2. inbound: contacts send 16 MB videos at once ----
  {
    await sleep(3_000);
    const before = await peak();
    const mark = events.length;
    const t0 = Date.now();
    const sentIds = await Promise.all(
      sessions.slice(0, INBOUND).map(async (s, i) => {
        const r = await sim.admin<{ id: string }>(
          "POST",
          `/accounts/${phones.get(s.id)}/contacts/49151000${String(5000 + i)}/messages/video`,
          { generatedBytes: 16 * MB, mimetype: "video/mp4" },
        );
        return r.id;
      }),
    );
    const reasons = () => {
      const r: Record<string, number> = {};
      for (const e of events.all.slice(mark))
        if (e.type === "message.received" && sentIds.includes(e.data.waMessageId)) {
          const c = e.data.content as { storageKey?: string; unavailableReason?: string };
          const k = c.storageKey ? "stored" : (c.unavailableReason ?? "?");
          r[k] = (r[k] ?? 0) + 1;
        }
      return r;
    };
    await until(() => Object.values(reasons()).reduce((a, b) => a + b, 0) === sentIds.length, 300_000);
    const m = await peak();
    results.inboundBigFiles = {
      files: sentIds.length,
      fileMb: 16,
      outcomes: reasons(),
      allStoredMs: Date.now() - t0,
      rssBeforeMb: before.rssMb,
      peakRssMb: m.peakRssMb,
      peakRssGrowthMb: Math.round((m.peakRssMb - before.rssMb) * 10) / 10,
      bufferedWholeWouldBeMb: sentIds.length * 16,
    };
    log("inbound 16 MB files", results.inboundBigFiles as Record<string, unknown>);
  }
  // ---- 3. 1 MB images at fixed rates ----
  const image: MediaSource = {
    kind: "upload",
    mediaId: newId("media"),
    key: `bench/${tag}/image-1mb`,
    mimetype: "image/jpeg",
    size: MB,
  };
  await objects.put(image.key, randomBytes(MB), "image/jpeg");
  const rateSessions = sessions.slice(0, RATE_SESSIONS);
  const rates: unknown[] = [];
  // the same path without a file first (the harness' own cost), then 1 MB images
  const runs = [...RATES.map((rate) => ({ rate, kind: "text" })), ...RATES.map((rate) => ({ rate, kind: "image" }))];
  for (const { rate, kind } of runs) {
    const content =
      kind === "text" ? { type: "text", text: "bench" } : { type: "image", media: image, caption: "bench" };
    await peak();
    const enqueued = new Map<string, number>();
    const t0 = Date.now();
    for (let i = 0; i < rate * SECONDS; i++) {
      const due = t0 + (i * 1000) / rate;
      if (due > Date.now()) await sleep(due - Date.now());
      const messageId = newId("message");
      enqueued.set(waMessageIdFor(messageId), Date.now());
      void send(rateSessions[i % rateSessions.length]!, content, messageId);
    }
    const sendMs = Date.now() - t0;
    await until(() => {
      const d = statusAt("delivered");
      return [...enqueued.keys()].every((id) => d.has(id));
    }, 120_000);
    const sent = statusAt("sent");
    const delivered = statusAt("delivered");
    const toSent = [...enqueued].filter(([id]) => sent.has(id)).map(([id, t]) => sent.get(id)! - t);
    const toDelivered = [...enqueued].filter(([id]) => delivered.has(id)).map(([id, t]) => delivered.get(id)! - t);
    const last = Math.max(...[...enqueued.keys()].map((id) => delivered.get(id) ?? 0));
    const m = await peak();
    rates.push({
      kind,
      targetPerSecond: rate,
      messages: enqueued.size,
      delivered: toDelivered.length,
      achievedPerSecond: Math.round((toDelivered.length / ((last - t0) / 1000)) * 10) / 10,
      enqueueSeconds: Math.round(sendMs / 100) / 10,
      sentP50Ms: pct(toSent, 50),
      sentP99Ms: pct(toSent, 99),
      deliveredP50Ms: pct(toDelivered, 50),
      deliveredP99Ms: pct(toDelivered, 99),
      failed: failures(),
      workerPeakRssMb: m.peakRssMb,
    });
    log(kind === "text" ? "texts" : "1 MB images", rates.at(-1) as Record<string, unknown>);
    await sleep(3_000);
  }
  results.rates = rates;
} finally {
  results.finishedAt = new Date().toISOString();
  const file = join(tmpdir(), `wharf-media-bench-${tag}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
  console.log(`results written to ${file}`);
  worker.child.kill("SIGTERM");
  await worker.exited;
  await events.stop();
  await sim.stop();
  await stack.stop();
  clients.dynamo.destroy();
  clients.sqs.destroy();
  clients.s3.destroy();
}
