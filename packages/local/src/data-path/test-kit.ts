/** Test-only helpers for the data-path suites: a runtime on the shared emulators and its parts. */
import type { RestartBackoff } from "../fleet/worker-supervisor";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  SqsQueue,
  claimSessionLease,
  createSessionStore,
  createWorkerRegistry,
  ensureQueue,
  type createDocumentClient,
} from "@wharf/aws";
import { stackClients } from "@wharf/aws/testing";
import type { FleetEvent, SessionStatus } from "@wharf/contracts";
import { newId, type WebhookRetryPolicy } from "@wharf/core";
import pino from "pino";
import { inject } from "vitest";
import WebSocket from "ws";
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from "../runtime";

export const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

export const FAST_RETRY: WebhookRetryPolicy = {
  baseDelaySeconds: 1,
  maxDelaySeconds: 1,
  maxAgeSeconds: 60,
  timeoutMs: 2_000,
};

let runtimes = 0;
export async function startTestRuntime(
  opts: {
    webhookRetry?: WebhookRetryPolicy;
    sim?: boolean;
    workers?: number;
    leaseTtlMs?: number;
    workerRestartBackoff?: RestartBackoff;
    onAwsClients?: LocalRuntimeOptions["onAwsClients"];
  } = {},
): Promise<LocalRuntime> {
  const stack = inject("wharfStack");
  return startLocalRuntime({
    port: 0,
    realtimePort: 0,
    dataDir: mkdtempSync(join(tmpdir(), "wharf-dp-")),
    tableName: stack.tableName,
    region: stack.region,
    emulators: { dynamoEndpoint: stack.dynamoEndpoint, sqsEndpoint: stack.sqsEndpoint },
    queuePrefix: `dp${process.pid}x${++runtimes}x${Date.now().toString(36)}`,
    webhookRetry: opts.webhookRetry ?? FAST_RETRY,
    logger: silent,
    pollerConcurrency: 2,
    ...(opts.sim ? { sim: true } : {}),
    ...(opts.workers ? { workers: opts.workers, workerLogLevel: "warn" } : {}),
    ...(opts.leaseTtlMs ? { leaseTtlMs: opts.leaseTtlMs } : {}),
    ...(opts.workerRestartBackoff ? { workerRestartBackoff: opts.workerRestartBackoff } : {}),
    ...(opts.onAwsClients ? { onAwsClients: opts.onAwsClients } : {}),
  });
}

export function clients() {
  return stackClients(inject("wharfStack"));
}

export interface Api {
  call(
    method: string,
    path: string,
    opts?: { key?: string; json?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

export function apiOf(rt: LocalRuntime): Api {
  return {
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.key) headers.authorization = `Bearer ${o.key}`;
      if (o.json !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(`${rt.url}${path}`, {
        method,
        headers,
        ...(o.json !== undefined ? { body: JSON.stringify(o.json) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
    },
  };
}

export interface Tenant {
  id: string;
  key: string;
}

export async function newTenant(rt: LocalRuntime, name = "dp"): Promise<Tenant> {
  const res = await apiOf(rt).call("POST", "/v1/tenants", { key: rt.adminKey, json: { name } });
  if (res.status !== 201) throw new Error(`tenant: ${res.status}`);
  return { id: res.body.tenant.id, key: res.body.apiKey.secret };
}

export async function newSession(rt: LocalRuntime, t: Tenant, pacing?: Record<string, unknown>): Promise<string> {
  const res = await apiOf(rt).call("POST", "/v1/sessions", {
    key: t.key,
    json: { name: "s", ...(pacing ? { pacing } : {}) },
  });
  if (res.status !== 201) throw new Error(`session: ${res.status}`);
  return res.body.id as string;
}

type Doc = ReturnType<typeof createDocumentClient>;

/**
 * Plays the fleet's part for a session: a registered worker with its own Inbox.fifo holding a
 * live lease (so commands route to it), status open. Returns the inbox to read commands from.
 */
export async function ownSession(rt: LocalRuntime, doc: Doc, t: Tenant, sessionId: string, status = "open") {
  const { sqs } = clients();
  const workerId = newId("worker");
  const inboxUrl = await ensureQueue(sqs, `${workerId.toLowerCase()}-inbox.fifo`, { fifo: true });
  const now = new Date();
  const ctx = { doc, tableName: rt.tableName };
  const registry = createWorkerRegistry(ctx, "t-data-path-");
  await registry.register({ id: workerId, inboxUrl, capacity: 10, startedAt: now.toISOString() }, now);
  await registry.heartbeat(workerId, { load: 1, state: "running" }, now);
  const claim = await claimSessionLease(ctx, { tenantId: t.id, sessionId, owner: workerId, now, ttlMs: 10 * 60_000 });
  if (claim.status !== "claimed") throw new Error("lease not claimed");
  await setStatus(ctx, t.id, sessionId, status as SessionStatus);
  return { workerId, epoch: claim.lease.epoch, inbox: new SqsQueue<unknown>({ client: sqs, queueUrl: inboxUrl }) };
}

/** Sets the stored status as the owner would, leaving updatedAt as it was. */
async function setStatus(
  ctx: { doc: Doc; tableName: string },
  tenantId: string,
  sessionId: string,
  status: SessionStatus,
) {
  const sessions = createSessionStore(ctx);
  const s = await sessions.get(tenantId, sessionId);
  if (!s) throw new Error(`session ${sessionId} not found`);
  await sessions.update(tenantId, sessionId, { status, updatedAt: s.updatedAt });
}

/** Puts an event on Events.fifo as a worker would (group = session, dedup = event id unless told). */
export async function sendEvent(rt: LocalRuntime, event: FleetEvent, dedup: string = event.id): Promise<void> {
  const q = new SqsQueue<FleetEvent>({ client: clients().sqs, queueUrl: rt.queues.events });
  await q.send(event, { groupId: event.sessionId, deduplicationId: dedup });
}

export function event<T extends FleetEvent["type"]>(
  type: T,
  meta: { tenantId: string; sessionId: string; epoch: number },
  data: Extract<FleetEvent, { type: T }>["data"],
) {
  return { id: newId("event"), type, v: 1, ...meta, at: new Date().toISOString(), data } as unknown as Extract<
    FleetEvent,
    { type: T }
  >;
}

export function inbound(
  meta: { tenantId: string; sessionId: string; epoch: number },
  text: string,
  from = "4915100000001",
  wa = `3EB0${newId("event").slice(4)}`,
) {
  return event("message.received", meta, {
    waMessageId: wa,
    chatJid: `${from}@s.whatsapp.net`,
    senderJid: `${from}@s.whatsapp.net`,
    senderPhone: from,
    pushName: "Ann",
    sentAt: new Date().toISOString(),
    content: { kind: "text", text },
  });
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A realtime client: the real `ws` package against the gateway, collecting frames. */
export async function realtimeClient(
  rt: LocalRuntime,
  t: Tenant,
): Promise<{ frames: any[]; ws: WebSocket; close(): void }> {
  const minted = await apiOf(rt).call("POST", "/v1/realtime/tokens", { key: t.key, json: {} });
  if (minted.status !== 201) throw new Error(`token: ${minted.status}`);
  return openSocket(`${minted.body.url}?token=${encodeURIComponent(minted.body.token)}`);
}

export function openSocket(url: string): Promise<{ frames: any[]; ws: WebSocket; close(): void }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: any[] = [];
    ws.on("message", (d) => frames.push(JSON.parse(d.toString())));
    ws.once("open", () => resolve({ frames, ws, close: () => ws.close() }));
    ws.once("unexpected-response", (_req, res) =>
      reject(Object.assign(new Error(`refused: ${res.statusCode}`), { status: res.statusCode })),
    );
    ws.once("error", reject);
  });
}

export interface Received {
  headers: IncomingMessage["headers"];
  body: string;
  status: number;
}

/**
 * A webhook receiver on this machine; `failFirst(n)` answers 500 to the first n attempts per
 * event id, `setDown(true)` answers 503 to every attempt until `setDown(false)`.
 */
export async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  failFirst(n: number): void;
  setDown(down: boolean): void;
  stop(): Promise<void>;
}> {
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  let fail = 0;
  let down = false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const id = String(req.headers["wharf-event-id"]);
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      const status = down ? 503 : n <= fail ? 500 : 200;
      received.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  const port = await new Promise<number>((r) =>
    server.listen(0, "127.0.0.1", () => r((server.address() as { port: number }).port)),
  );
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    failFirst: (n) => {
      fail = n;
    },
    setDown: (d) => {
      down = d;
    },
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
