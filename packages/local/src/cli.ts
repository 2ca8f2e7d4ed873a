import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { parseArgs } from "node:util";

export interface CliOptions {
  port: number;
  host: string;
  dataDir: string;
  inMemory: boolean;
  /** reserved for the fleet issue */
  workers: number;
  /** sim mode: the WhatsApp simulator and the demo tenant */
  sim: boolean;
  /**
   * another WhatsApp Web stand-in for the workers: its WebSocket URL and, if its certificate
   * chain is not WhatsApp's, the file with the root public key to trust (absolute path)
   */
  wa?: { url: string; trustRootFile?: string };
  /** JSON logs on the terminal instead of in `<data-dir>/logs/wharf.log` */
  verbose: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm start -- [options]

  --port N          HTTP port for the API (default 4000; 0 = any free port)
  --host H          interface to listen on (default 127.0.0.1)
  --data-dir DIR    where data and the admin key live (default .wharf at the repo root)
  --in-memory       keep DynamoDB in memory: data is gone after Ctrl-C
  --workers N       fleet workers to run as child processes (default 1; 0 = API only)
  --sim             demo mode: the WhatsApp simulator, a demo tenant and its key, virtual phones
  --wa-url URL      workers dial this WhatsApp Web stand-in (ws:// or wss://) instead of WhatsApp
  --wa-trust-root F file with the stand-in's certificate root public key (64 hex characters or
                    32 raw bytes) that workers trust instead of WhatsApp's; needs --wa-url
  --verbose         JSON logs on the terminal (default: written to <data-dir>/logs/wharf.log)
  -h, --help        show this help

  npm start -- import-creds --help   import Baileys creds into a session of a running Wharf
`;

export class UsageError extends Error {
  override name = "UsageError";
}

/** Parses `main.ts` flags; relative paths resolve against `cwd` (where the user ran npm). */
export function parseCliArgs(argv: string[], ctx: { cwd: string; defaultDataDir: string }): CliOptions {
  const values = parseFlags(argv);
  const port = integer("--port", values.port, 4000, 0, 65_535);
  const workers = integer("--workers", values.workers, 1, 0, 64);
  const dataDir = values["data-dir"];
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(ctx.cwd, p));
  const wa = standIn(values["wa-url"], values["wa-trust-root"], values.sim ?? false, abs);
  return {
    port,
    host: values.host ?? "127.0.0.1",
    dataDir: dataDir ? abs(dataDir) : ctx.defaultDataDir,
    inMemory: values["in-memory"] ?? false,
    workers,
    sim: values.sim ?? false,
    ...(wa ? { wa } : {}),
    verbose: values.verbose ?? false,
    help: values.help ?? false,
  };
}

/** The raw flag values; a parse error (unknown flag, missing value) becomes a UsageError. */
function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "data-dir": { type: "string" },
        "in-memory": { type: "boolean" },
        workers: { type: "string" },
        sim: { type: "boolean" },
        "wa-url": { type: "string" },
        "wa-trust-root": { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function integer(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** `--wa-url` / `--wa-trust-root`; `--sim` sets both itself from the simulator it starts. */
function standIn(
  url: string | undefined,
  trustRoot: string | undefined,
  sim: boolean,
  abs: (p: string) => string,
): CliOptions["wa"] {
  if (url === undefined && trustRoot === undefined) return undefined;
  if (sim) throw new UsageError("--sim starts its own simulator: leave out --wa-url and --wa-trust-root");
  if (url === undefined) throw new UsageError("--wa-trust-root needs --wa-url (the stand-in it belongs to)");
  if (!/^wss?:\/\/[^\s/]+/.test(url)) throw new UsageError(`--wa-url must be a ws:// or wss:// URL, got "${url}"`);
  return { url, ...(trustRoot ? { trustRootFile: abs(trustRoot) } : {}) };
}

/**
 * Reads a `--wa-trust-root` file: the root public key as 64 hex characters (as the simulator's
 * `GET /admin/root-key` prints it) or as 32 raw bytes. Returns it as hex.
 */
export function readTrustRoot(file: string, read: (path: string) => Buffer = readFileSync): string {
  let raw: Buffer;
  try {
    raw = read(file);
  } catch (err) {
    throw new UsageError(`--wa-trust-root: cannot read ${file}: ${(err as Error).message}`);
  }
  const text = raw.toString("utf8").trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return text.toLowerCase();
  if (raw.length === 32) return raw.toString("hex");
  throw new UsageError(`--wa-trust-root: ${file} must hold a 32-byte public key (64 hex characters or raw bytes)`);
}
