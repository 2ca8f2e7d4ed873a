import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { AuthStateKeyring, createDynamoClients, LOCAL_CREDENTIALS } from "@wharf/aws";
import { UsageError } from "../cli";
import { readRuntimeFile, type RunningRuntime } from "../runtime-file";
import { DEMO_TENANT_FILE } from "../sim/demo-tenant";
import { AUTH_STATE_KEY_FILE } from "../token-key";
import { readCredsFile } from "./creds-file";
import { importCreds } from "./import-creds";

export const IMPORT_USAGE = `Usage: npm start -- import-creds --session ID --file creds.json [options]

  Imports stored Baileys creds (useMultiFileAuthState's creds.json) into a session of the
  Wharf that runs on this data dir; the session's next connect logs in with them.

  --session ID      the session to import into (disconnected, or never connected)
  --file F          the creds.json to import (must name its account: me.id)
  --keys-dir DIR    also import the Signal key files (<type>-<id>.json) in DIR
  --tenant ID       the session's tenant (default: the sim-mode demo tenant)
  --data-dir DIR    the data dir of the running Wharf (default .wharf at the repo root)
  -h, --help        show this help
`;

export interface ImportCredsOptions {
  sessionId: string;
  file: string;
  keysDir?: string;
  tenantId?: string;
  dataDir: string;
  help: boolean;
}

export function parseImportArgs(argv: string[], ctx: { cwd: string; defaultDataDir: string }): ImportCredsOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        session: { type: "string" },
        file: { type: "string" },
        "keys-dir": { type: "string" },
        tenant: { type: "string" },
        "data-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(ctx.cwd, p));
  const help = values.help === true;
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  if (!help && !str("session")) throw new UsageError("import-creds needs --session ID");
  if (!help && !str("file")) throw new UsageError("import-creds needs --file creds.json");
  return {
    sessionId: str("session") ?? "",
    file: str("file") ? abs(str("file")!) : "",
    ...(str("keys-dir") ? { keysDir: abs(str("keys-dir")!) } : {}),
    ...(str("tenant") ? { tenantId: str("tenant") } : {}),
    dataDir: str("data-dir") ? abs(str("data-dir")!) : ctx.defaultDataDir,
    help,
  };
}

/**
 * `npm start -- import-creds`: validates the file, then writes through the running Wharf's
 * database (found via its data dir) with the data dir's auth-state key. Returns what to print.
 */
export async function runImportCreds(
  opts: ImportCredsOptions,
  runtime: RunningRuntime | null = readRuntimeFile(opts.dataDir),
): Promise<string> {
  const data = readCredsFile(opts.file, opts.keysDir);
  if (!runtime)
    throw new UsageError(
      `no Wharf is running on ${opts.dataDir}: start it (npm start) first, the import writes into its database`,
    );
  const tenantId = opts.tenantId ?? demoTenantId(opts.dataDir);
  const keyring = new AuthStateKeyring(Buffer.from(readSecret(opts.dataDir, AUTH_STATE_KEY_FILE), "base64"));
  const { dynamo, doc } = createDynamoClients({
    region: runtime.region,
    endpoint: runtime.dynamoEndpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  try {
    const done = await importCreds({
      ctx: { doc, tableName: runtime.tableName },
      keyring,
      tenantId,
      sessionId: opts.sessionId,
      data,
    });
    return (
      `Imported the creds of ${maskAccount(done.account)} (${done.keys} Signal keys) into session ${opts.sessionId}.\n` +
      `Connect it: POST ${runtime.url}/v1/sessions/${opts.sessionId}/connect\n`
    );
  } finally {
    dynamo.destroy();
  }
}

/** `15550100000:3@s.whatsapp.net` → `…0000:3@s.whatsapp.net`: never a full phone number in output */
export function maskAccount(jid: string): string {
  return jid.replace(/^\d+/, (digits) => `…${digits.slice(-4)}`);
}

function demoTenantId(dataDir: string): string {
  const path = join(dataDir, DEMO_TENANT_FILE);
  if (!existsSync(path)) throw new UsageError("--tenant ID is needed (no sim-mode demo tenant in this data dir)");
  return (JSON.parse(readFileSync(path, "utf8")) as { tenantId: string }).tenantId;
}

function readSecret(dataDir: string, file: string): string {
  const path = join(dataDir, file);
  if (!existsSync(path)) throw new UsageError(`${path} is missing: is this the data dir of the running Wharf?`);
  return readFileSync(path, "utf8").trim();
}
