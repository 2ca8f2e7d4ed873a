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
  --verbose         JSON logs on the terminal (default: written to <data-dir>/logs/wharf.log)
  -h, --help        show this help
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
  return {
    port,
    host: values.host ?? "127.0.0.1",
    dataDir: dataDir ? (isAbsolute(dataDir) ? dataDir : resolve(ctx.cwd, dataDir)) : ctx.defaultDataDir,
    inMemory: values["in-memory"] ?? false,
    workers,
    sim: values.sim ?? false,
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
