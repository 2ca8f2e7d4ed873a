import { fork, type ChildProcess } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Runs fleet workers as child processes (the local runtime's `--workers N`, multi-process
 * tests). Each child is `node --import tsx src/main.ts` with the given env; with `sim`, and
 * only then, the child also preloads @wharf/wa-sim/preload, which makes Baileys in that
 * process trust the simulator (and nothing else).
 */
export interface StartFleetWorkersOptions {
  count: number;
  /** the worker configuration (see packages/fleet/README.md): endpoints, table, queues, keys, timings */
  env: Record<string, string>;
  /** point the workers at the simulator and enable trust in those processes only */
  sim?: { websocketUrl: string; rootKeyHex?: string };
  /** child output: inherit (default), or ignore */
  output?: "inherit" | "ignore";
  /** how long a child may take to register (default 60 s) */
  readyTimeoutMs?: number;
}

export interface FleetProcess {
  pid: number;
  workerId: string;
  inboxUrl: string;
  /** exit code (null when killed by a signal) */
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

export interface FleetProcesses {
  readonly workers: FleetProcess[];
  /** one more worker with the same settings */
  add(env?: Record<string, string>): Promise<FleetProcess>;
  /** SIGTERM to every worker (drain), then wait for them to exit */
  stop(): Promise<void>;
}

const PACKAGE_DIR = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));
// never inherited: trust is switched on only for sim workers, explicitly, below
const TRUST_VARS = ["WHARF_WA_SIM_TRUST", "WHARF_WA_SIM_ROOT_KEY"];

export async function startFleetWorkers(opts: StartFleetWorkersOptions): Promise<FleetProcesses> {
  const workers: FleetProcess[] = [];
  const spawnOne = (extra: Record<string, string> = {}) => spawnWorker(opts, extra).then((w) => (workers.push(w), w));
  try {
    await Promise.all(Array.from({ length: opts.count }, () => spawnOne()));
  } catch (err) {
    for (const w of workers) w.kill("SIGKILL");
    throw err;
  }
  return {
    workers,
    add: spawnOne,
    async stop() {
      for (const w of workers) w.kill("SIGTERM");
      await Promise.all(workers.map((w) => w.exited));
    },
  };
}

function spawnWorker(opts: StartFleetWorkersOptions, extra: Record<string, string>): Promise<FleetProcess> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !TRUST_VARS.includes(k)) env[k] = v;
  Object.assign(env, opts.env, extra);
  const execArgv = ["--import", "tsx"];
  if (opts.sim) {
    env.WHARF_WA_SIM_TRUST = "1";
    env.WHARF_WA_WEBSOCKET_URL = opts.sim.websocketUrl;
    if (opts.sim.rootKeyHex) env.WHARF_WA_SIM_ROOT_KEY = opts.sim.rootKeyHex;
    execArgv.push("--import", "@wharf/wa-sim/preload");
  }
  // --import specifiers resolve from the cwd: the fleet package has tsx and wa-sim installed
  const child: ChildProcess = fork(MAIN, [], {
    cwd: PACKAGE_DIR,
    env,
    execArgv,
    stdio: opts.output === "ignore" ? ["ignore", "ignore", "ignore", "ipc"] : ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise<FleetProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`fleet worker ${child.pid} did not become ready in time`));
    }, opts.readyTimeoutMs ?? 60_000);
    child.on("message", (msg: { type?: string; workerId?: string; inboxUrl?: string }) => {
      if (msg?.type !== "wharf-worker-ready") return;
      clearTimeout(timer);
      // the channel stays open only for this handshake
      child.disconnect();
      resolve({
        pid: child.pid ?? -1,
        workerId: String(msg.workerId),
        inboxUrl: String(msg.inboxUrl),
        exited,
        kill: (signal) => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`fleet worker exited with code ${code} before it was ready`));
    });
  });
}
