/**
 * Helpers of the groups bench (bench/groups.ts): a sim-mode runtime with one real fleet worker
 * and a session linked to the demo phone, a realtime client, CPU readings, percentiles.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import WebSocket from "ws";
import { startLocalRuntime } from "../src/runtime";
import type { LocalRuntime } from "../src/runtime-types";

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
export const fmt = (xs: number[]) =>
  xs.length
    ? `n=${xs.length} p50=${pct(xs, 50).toFixed(0)} ms p99=${pct(xs, 99).toFixed(0)} ms max=${Math.max(...xs).toFixed(0)} ms`
    : "n=0";

/** User+system CPU of another process, in ms (Linux /proc; clock ticks are 10 ms). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // fields after the command name (which may hold spaces): utime is the 14th, stime the 15th
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100;
}
/** This process's CPU (API, pollers, gateway and the simulator all run here), in ms. */
export const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the bench reads JSON answers loosely, like a curl user
type Json = any;
export interface Answer {
  status: number;
  body: Json;
}

/**
 * POST on a fresh connection each time: under 100 posts/s fetch's pooled keep-alive sockets
 * were reset by the simulator's server (ECONNRESET) now and then.
 */
export function postFresh(url: string, body: unknown): Promise<number> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", agent: false, headers: { "content-type": "application/json", "content-length": data.length } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

export interface Frame {
  type: string;
  id: string;
  at: string;
  data: Record<string, unknown>;
}

export interface Stack {
  rt: LocalRuntime;
  key: string;
  sessionId: string;
  /** the demo phone's account id = its phone number */
  phone: string;
  workerPid: number;
  call(method: string, path: string, body?: unknown): Promise<Answer>;
  admin(method: string, path: string, body?: unknown): Promise<Answer>;
  /** the simulator's base URL (admin routes start with /admin) */
  simUrl: string;
  /** every frame, with its arrival time (Date.now()) */
  onFrame(fn: (f: Frame, arrivedAt: number) => void): void;
  stop(): Promise<void>;
}

/** The local stack as `npm start -- --sim --workers 1` runs it, in memory, with a linked session. */
export async function startStack(): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), "wharf-bench-groups-"));
  const rt = await startLocalRuntime({
    port: 0,
    realtimePort: 0,
    mediaPort: 0,
    dataDir,
    inMemory: true,
    sim: true,
    workers: 1,
    workerLogLevel: "warn",
    logger: pino({ level: "warn" }),
  });
  const key = rt.demo!.apiKey;
  const json = async (res: Response): Promise<Answer> => ({
    status: res.status,
    body: await res.json().catch(() => null),
  });
  const call = async (method: string, path: string, body?: unknown) =>
    json(
      await fetch(`${rt.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  const admin = async (method: string, path: string, body?: unknown) =>
    json(
      await fetch(`${rt.sim!.adminUrl.replace(/\/admin$/, "")}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  const listeners: Array<(f: Frame, t: number) => void> = [];
  let ws: WebSocket | undefined;
  const stop = async () => {
    ws?.close();
    await rt.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const phone = (await call("GET", "/v1/demo")).body.phones[0].id as string;
    // generous pacing: the bench measures the data path, not the session's send budget
    const session = await call("POST", "/v1/sessions", {
      name: "bench-groups",
      pacing: { messagesPerMinute: 600, burst: 100, dailyCap: 100000 },
    });
    if (session.status !== 201) throw new Error(`session: ${JSON.stringify(session.body)}`);
    const sessionId = session.body.id as string;
    await call("POST", `/v1/sessions/${sessionId}/connect`, { method: "qr" });
    const qr = await waitFor("a QR", async () => (await call("GET", `/v1/sessions/${sessionId}/qr`)).body?.qr);
    const scan = await call("POST", `/v1/demo/phones/${phone}/scan`, { qr });
    if (scan.status !== 200) throw new Error(`scan: ${JSON.stringify(scan.body)}`);
    await waitFor("open", async () => (await call("GET", `/v1/sessions/${sessionId}`)).body.status === "open");

    const token = (await call("POST", "/v1/realtime/tokens", {})).body;
    ws = new WebSocket(`${token.url}?token=${token.token}`);
    await new Promise((ok, fail) => {
      ws!.once("open", ok);
      ws!.once("error", fail);
    });
    ws.on("message", (d) => {
      const t = Date.now();
      const f = JSON.parse(d.toString()) as Frame;
      for (const fn of listeners) fn(f, t);
    });
    return {
      rt,
      key,
      sessionId,
      phone,
      workerPid: rt.workers[0]!.pid,
      call,
      admin,
      simUrl: rt.sim!.adminUrl.replace(/\/admin$/, ""),
      onFrame: (fn) => listeners.push(fn),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
