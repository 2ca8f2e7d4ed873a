/** The real local stack for chaos scenarios, and small clients for its API and the simulator. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WebhookRetryPolicy } from "@wharf/core";
import pino from "pino";
import { startLocalRuntime, type LocalRuntime } from "../src/runtime";

export const log = pino({ level: process.env.CHAOS_LOG_LEVEL ?? "silent" });

export interface Stack {
  rt: LocalRuntime;
  api: Api;
  sim: SimAdmin;
  stop(): Promise<void>;
}

/** DynamoDB Local (in memory), fauxqs, the control plane, the simulator and N worker processes. */
export async function startStack(opts: {
  workers: number;
  leaseTtlMs?: number;
  sendHoldMs?: number;
  webhookRetry?: WebhookRetryPolicy;
}): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), "wharf-chaos-"));
  const rt = await startLocalRuntime({
    port: 0,
    realtimePort: 0,
    dataDir,
    inMemory: true,
    sim: true,
    workers: opts.workers,
    workerLogLevel: process.env.CHAOS_WORKER_LOG_LEVEL ?? "error",
    logger: log,
    ...(opts.leaseTtlMs ? { leaseTtlMs: opts.leaseTtlMs } : {}),
    ...(opts.sendHoldMs ? { sendHoldMs: opts.sendHoldMs } : {}),
    ...(opts.webhookRetry ? { webhookRetry: opts.webhookRetry } : {}),
  });
  return {
    rt,
    api: apiOf(rt.url),
    sim: simAdmin(rt.sim!.adminUrl),
    async stop() {
      // workers the runtime no longer tracks (SIGKILLed ones) are gone already
      await rt.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  body: any;
}

export interface Api {
  call(
    method: string,
    path: string,
    o?: { key?: string; json?: unknown; headers?: Record<string, string>; retryRateLimited?: boolean },
  ): Promise<Reply>;
}

/** how often a read (or a call that asks for it) waits out the API's rate limit before giving up */
const RATE_LIMIT_RETRIES = 40;

export function apiOf(base: string): Api {
  return {
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.key) headers.authorization = `Bearer ${o.key}`;
      if (o.json !== undefined) headers["content-type"] = "application/json";
      // the scenarios' own bookkeeping (status polls, replays) must not read a 429 as an answer
      const retry = o.retryRateLimited ?? method === "GET";
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${base}${path}`, {
          method,
          headers,
          ...(o.json !== undefined ? { body: JSON.stringify(o.json) } : {}),
        });
        const text = await res.text();
        if (res.status === 429 && retry && attempt < RATE_LIMIT_RETRIES) {
          const after = Number(res.headers.get("retry-after"));
          await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 5) * 1000 : 500);
          continue;
        }
        return { status: res.status, body: text ? JSON.parse(text) : null };
      }
    },
  };
}

export interface SimAdmin {
  call(method: string, path: string, json?: unknown): Promise<Reply>;
  newAccount(): Promise<string>;
}

export function simAdmin(adminUrl: string): SimAdmin {
  const api = apiOf(adminUrl);
  return {
    call: (method, path, json) => api.call(method, path, json === undefined ? {} : { json }),
    async newAccount() {
      const res = await api.call("POST", "/accounts", { json: {} });
      if (res.status !== 201) throw new Error(`sim account: ${res.status}`);
      return res.body.id as string;
    },
  };
}

export interface Tenant {
  id: string;
  key: string;
}

export async function newTenant(s: Stack, name: string): Promise<Tenant> {
  const res = await s.api.call("POST", "/v1/tenants", { key: s.rt.adminKey, json: { name } });
  if (res.status !== 201) throw new Error(`tenant: ${res.status}`);
  return { id: res.body.tenant.id, key: res.body.apiKey.secret };
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Linked {
  sessionId: string;
  /** the simulator account (virtual phone) linked to it */
  phone: string;
}

/** the most a session may send (10/s sustained, 100 burst): load scenarios would hit pacing otherwise */
export const MAX_PACING = { messagesPerMinute: 600, burst: 100, dailyCap: 100_000 };

/** Creates a session and links it to a new virtual phone by QR, as a user would. */
export async function linkSession(s: Stack, t: Tenant, name: string, pacing = MAX_PACING): Promise<Linked> {
  const phone = await s.sim.newAccount();
  const created = await s.api.call("POST", "/v1/sessions", { key: t.key, json: { name, pacing } });
  if (created.status !== 201) throw new Error(`session: ${created.status}`);
  const sessionId = created.body.id as string;
  const connect = await s.api.call("POST", `/v1/sessions/${sessionId}/connect`, { key: t.key, json: { method: "qr" } });
  if (connect.status !== 202) throw new Error(`connect: ${connect.status}`);
  const qr = await waitFor(
    `a QR for ${sessionId}`,
    async () => (await s.api.call("GET", `/v1/sessions/${sessionId}/qr`, { key: t.key })).body?.qr as string,
    120_000,
    250,
  );
  const scan = await s.sim.call("POST", `/accounts/${phone}/scan`, { qr });
  if (scan.status !== 200) throw new Error(`scan: ${scan.status} ${JSON.stringify(scan.body)}`);
  let last = "";
  await waitFor(
    `${sessionId} open`,
    async () => {
      last = (await getSession(s, t, sessionId)).status;
      return last === "open";
    },
    180_000,
    250,
  ).catch((err: Error) => {
    throw new Error(`${err.message} (last status ${last})`);
  });
  return { sessionId, phone };
}

/** Links `n` sessions, a few at a time (each link is real Baileys work on a shared machine). */
export async function linkSessions(s: Stack, t: Tenant, n: number, parallel = 2): Promise<Linked[]> {
  const out: Linked[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await linkSession(s, t, `chaos-${i}`);
      }
    }),
  );
  return out;
}

export async function getSession(s: Stack, t: Tenant, id: string): Promise<any> {
  return (await s.api.call("GET", `/v1/sessions/${id}`, { key: t.key })).body;
}

/** Every item of a paginated list. */
export async function listAll(s: Stack, t: Tenant, path: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const res = await s.api.call(
      "GET",
      `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      {
        key: t.key,
      },
    );
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    items.push(...res.body.data);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/**
 * Calls `fn(i)` `total` times at up to `perSecond`, without waiting for one call before the
 * next, but with at most `maxInflight` open: a stalled server slows the stream down instead of
 * drowning in connections. Returns the rate achieved.
 */
export async function atRate(
  total: number,
  perSecond: number,
  fn: (i: number) => Promise<void>,
  maxInflight = 32,
): Promise<number> {
  const started = Date.now();
  const inflight = new Set<Promise<void>>();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    while (inflight.size >= maxInflight) await Promise.race(inflight);
    const p: Promise<void> = fn(i).finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  return Math.round((total * 1000) / Math.max(1, Date.now() - started));
}

/** Waits until `count()` stops changing for `quietMs` (or reaches `target`); returns the last value. */
export async function settle(
  count: () => Promise<number>,
  target: number,
  quietMs: number,
  maxMs: number,
  /** epoch ms before which quiet is no reason to stop (e.g. until a hold that ends things is over) */
  notBefore = 0,
): Promise<number> {
  const until = Math.max(Date.now() + maxMs, notBefore);
  let last = await count();
  let changedAt = Date.now();
  while (last < target && (Date.now() < notBefore || Date.now() - changedAt < quietMs) && Date.now() < until) {
    await sleep(500);
    const v = await count();
    if (v !== last) {
      last = v;
      changedAt = Date.now();
    }
  }
  return last;
}

/** `fn` over `items`, at most `limit` at a time, results in order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}
