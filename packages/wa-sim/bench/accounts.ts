/**
 * Simulator cost per logged-in account (a benchmark, not a test). The simulator runs in its own
 * process (the CLI with --expose-gc); worker processes (driver.ts) drive N real Baileys clients
 * against it; this script reads the simulator's CPU and memory from GET /admin/stats between phases:
 *   link (QR, 515, login) → all open → idle → one message each → all reconnect with stored creds.
 *
 *   pnpm --filter @wharf/wa-sim bench -- --accounts 500 [--encrypted] [--idle-seconds 15]
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { DriverCommand } from "./driver";

const args = z
  .object({
    accounts: z.coerce.number().int().min(1),
    workers: z.coerce.number().int().min(1).optional(),
    concurrency: z.coerce.number().int().min(1),
    "idle-seconds": z.coerce.number().min(0),
    encrypted: z.boolean(),
    "keep-alive-ms": z.coerce.number().int().min(1000),
  })
  .parse(
    parseArgs({
      args: process.argv.slice(2).filter((a) => a !== "--"),
      options: {
        accounts: { type: "string", default: "100" },
        workers: { type: "string" },
        concurrency: { type: "string", default: "10" },
        "idle-seconds": { type: "string", default: "15" },
        encrypted: { type: "boolean", default: false },
        "keep-alive-ms": { type: "string", default: "25000" },
      },
    }).values,
  );

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const N = args.accounts;
const W = args.workers ?? Math.max(1, Math.ceil(N / 100));

interface Stats {
  onlineAccounts: number;
  process: {
    rssBytes: number;
    heapUsedBytes: number;
    cpuUserMicros: number;
    cpuSystemMicros: number;
    gcCpuMicros: number;
  };
}

async function startSimulator(): Promise<{ url: string; adminUrl: string; rootKey: string; child: ChildProcess }> {
  const simArgs = ["--expose-gc", "--import", "tsx", "src/cli.ts", "--port", "0", "--log-level", "info"];
  // Plaintext contacts and a high prekey count: the numbers measure sessions, not crypto.
  if (!args.encrypted) simArgs.push("--plaintext", "--fake-prekey-count", "812");
  const child = spawn(process.execPath, simArgs, { cwd: packageDir, stdio: ["ignore", "pipe", "inherit"] });
  for await (const line of createInterface({ input: child.stdout! })) {
    const entry = JSON.parse(line) as { url?: string; adminUrl?: string; rootKey?: string };
    if (entry.url && entry.adminUrl && entry.rootKey) {
      child.stdout!.resume();
      return { url: entry.url, adminUrl: entry.adminUrl, rootKey: entry.rootKey, child };
    }
  }
  throw new Error("simulator exited before it was ready");
}

const sim = await startSimulator();
const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${sim.adminUrl}${path}`, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

const workers = Array.from({ length: W }, () =>
  fork(fileURLToPath(new URL("./driver.ts", import.meta.url)), [], { execArgv: ["--import", "tsx"], cwd: packageDir }),
);
const ask = (worker: ChildProcess, command: DriverCommand): Promise<unknown> =>
  new Promise((resolve, reject) => {
    worker.once("message", (reply: { ok: boolean; result?: unknown; error?: string }) =>
      reply.ok ? resolve(reply.result) : reject(new Error(reply.error)),
    );
    worker.send(command);
  });
const all = (command: (i: number) => DriverCommand): Promise<unknown[]> =>
  Promise.all(workers.map((w, i) => ask(w, command(i))));

const rows: Array<{
  phase: string;
  seconds: number;
  cpuMsPerAccount: number;
  rssMBPerAccount: number;
  heapMBPerAccount: number;
}> = [];
let last = await admin<Stats>("GET", "/stats?gc=1");
const baseline = last;
const mark = async (phase: string, started: number): Promise<void> => {
  const now = await admin<Stats>("GET", "/stats?gc=1");
  // Leave out the forced GC of the previous reading (its cost is reported separately).
  const cpu =
    now.process.cpuUserMicros +
    now.process.cpuSystemMicros -
    (last.process.cpuUserMicros + last.process.cpuSystemMicros + last.process.gcCpuMicros);
  rows.push({
    phase,
    seconds: +((Date.now() - started) / 1000).toFixed(1),
    cpuMsPerAccount: +(cpu / 1000 / N).toFixed(3),
    rssMBPerAccount: +((now.process.rssBytes - baseline.process.rssBytes) / 2 ** 20 / N).toFixed(3),
    heapMBPerAccount: +((now.process.heapUsedBytes - baseline.process.heapUsedBytes) / 2 ** 20 / N).toFixed(3),
  });
  last = now;
};

const ids: string[] = [];
for (let i = 0; i < N; i++) ids.push((await admin<{ id: string }>("POST", "/accounts", {})).id);
last = await admin<Stats>("GET", "/stats?gc=1");

let t = Date.now();
await all((i) => ({
  cmd: "link",
  ids: ids.filter((_, j) => j % W === i),
  url: sim.url,
  adminUrl: sim.adminUrl,
  rootKey: sim.rootKey,
  concurrency: args.concurrency,
  keepAliveMs: args["keep-alive-ms"],
}));
await mark(`link ${N} by QR → all open`, t);

t = Date.now();
await new Promise((r) => setTimeout(r, args["idle-seconds"] * 1000));
await mark(`idle ${args["idle-seconds"]} s, all open`, t);

t = Date.now();
const waiting = all(() => ({ cmd: "await-message", text: "bench" }));
for (const id of ids) await admin("POST", `/accounts/${id}/contacts/15550009999/messages`, { text: "bench" });
await waiting;
await mark("1 message to each account", t);

t = Date.now();
await all(() => ({ cmd: "reconnect" }));
await mark(`reconnect ${N} with stored creds`, t);

const online = (await admin<Stats>("GET", "/stats")).onlineAccounts;
console.table(rows);
console.log(
  JSON.stringify({ accounts: N, online, workers: W, encrypted: args.encrypted, node: process.version, rows }),
);
await Promise.all(workers.map((w) => new Promise((r) => (w.once("exit", r), w.send({ cmd: "stop" })))));
sim.child.kill("SIGTERM");
