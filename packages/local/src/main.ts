import { loadConfig } from "@wharf/aws";
import { join } from "node:path";
import pino from "pino";
import { parseCliArgs, readTrustRoot, USAGE, UsageError } from "./cli";
import { CredsFileError, CredsImportError } from "./creds-import/errors";
import { defaultDataDir } from "./paths";
import { removeRuntimeFile, writeRuntimeFile } from "./runtime-file";
import { startLocalRuntime, type LocalRuntime } from "./runtime";

/**
 * `npm start`: the whole platform on this machine. Config is read here, once: flags, plus
 * LOG_LEVEL / WHARF_TABLE_NAME / WHARF_ADMIN_KEY from the environment (validated by @wharf/aws).
 */
async function main(): Promise<void> {
  // npm/pnpm run scripts from the package directory; INIT_CWD is where the user typed the command
  const cwd = process.env.INIT_CWD ?? process.cwd();
  if (process.argv[2] === "import-creds") return importCredsCommand(process.argv.slice(3), cwd);
  const opts = parseCliArgs(process.argv.slice(2), { cwd, defaultDataDir: defaultDataDir() });
  if (opts.help) {
    process.stdout.write(USAGE);
    return;
  }
  const config = loadConfig(process.env);
  // Quiet by default: the banner stays readable and the logs go to a file (--verbose: terminal).
  const logFile = opts.verbose ? null : join(opts.dataDir, "logs", "wharf.log");
  const logger = pino(
    { level: config.logLevel, base: { app: "wharf-local" } },
    logFile ? pino.destination({ dest: logFile, mkdir: true, append: true }) : process.stdout,
  );

  const runtime = await startLocalRuntime({
    port: opts.port,
    host: opts.host,
    dataDir: opts.dataDir,
    inMemory: opts.inMemory,
    tableName: config.tableName,
    workers: opts.workers,
    sim: opts.sim,
    ...(opts.wa
      ? {
          wa: {
            url: opts.wa.url,
            ...(opts.wa.trustRootFile ? { trustRootHex: readTrustRoot(opts.wa.trustRootFile) } : {}),
          },
        }
      : {}),
    // worker processes share this terminal: without --verbose only their warnings and errors show
    ...(opts.verbose ? {} : { workerLogLevel: "warn" }),
    ...(process.env.WHARF_ADMIN_KEY ? { adminKey: process.env.WHARF_ADMIN_KEY } : {}),
    logger,
  });
  process.stdout.write(banner(runtime, logFile));
  // local commands (import-creds) find this runtime's database through the data dir
  writeRuntimeFile(opts.dataDir, {
    pid: process.pid,
    url: runtime.url,
    dynamoEndpoint: runtime.dynamoEndpoint,
    region: runtime.region,
    tableName: runtime.tableName,
  });

  let stoppingSince = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stoppingSince > 0) {
      // one Ctrl-C reaches us twice (the terminal's group signal plus tsx/pnpm relaying it):
      // only a second press, a moment later, means "out now" (java dies with the exit hook)
      if (Date.now() - stoppingSince < 1_500) return;
      logger.warn({ signal }, "forced exit");
      process.exit(130);
    }
    stoppingSince = Date.now();
    clearInterval(launcherWatch);
    removeRuntimeFile(opts.dataDir, process.pid);
    logger.info({ signal }, "shutting down");
    if (logFile) process.stdout.write("\n  Stopping Wharf…\n");
    runtime.stop().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  process.on("SIGHUP", shutdown);
  // `npm start` runs us behind npx, pnpm, shells and tsx: if one of them dies without passing
  // the signal on (the launcher, or our direct parent), stop as if it had
  const launcherWatch = watchLaunchers(() => shutdown("SIGTERM"));
}

/** `npm start -- import-creds …`: loaded only for the command (it pulls in Baileys). */
async function importCredsCommand(argv: string[], cwd: string): Promise<void> {
  const { IMPORT_USAGE, parseImportArgs, runImportCreds } = await import("./creds-import/command");
  const opts = parseImportArgs(argv, { cwd, defaultDataDir: defaultDataDir() });
  process.stdout.write(opts.help ? IMPORT_USAGE : await runImportCreds(opts));
}

/** Calls `onGone` once the process that started `npm start` (or our parent) is gone. */
function watchLaunchers(onGone: () => void): NodeJS.Timeout {
  const launcher = Number(process.env.WHARF_LAUNCHER_PID);
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent || (launcher > 0 && !alive(launcher))) onGone();
  }, 500);
  timer.unref();
  return timer;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive but not ours
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function banner(rt: LocalRuntime, logFile: string | null): string {
  const lines = [
    "",
    "  Wharf is running (local runtime)",
    "",
    `  Dashboard    ${rt.dashboardUrl}`,
    `  API          ${rt.url}/v1`,
    `  Docs         ${rt.docsUrl}`,
    `  OpenAPI      ${rt.url}/v1/openapi.json`,
    `  Realtime     ${rt.realtimeUrl}  (WebSocket; token from POST /v1/realtime/tokens)`,
    `  Data         ${rt.dynamoDbPath ?? "in memory (gone when you stop)"}`,
    `  Admin key    ${rt.adminKey}`,
    `               ${rt.adminKeyPath ? `saved in ${rt.adminKeyPath}` : "from WHARF_ADMIN_KEY"}`,
    `  DynamoDB     ${rt.dynamoEndpoint}  (table ${rt.tableName})`,
    `  SQS          ${rt.sqsEndpoint}`,
    `  Logs         ${logFile ? `${logFile}  (--verbose shows them here)` : "this terminal (--verbose)"}`,
    "",
    `  Try: curl -s -w '\\n' -X POST ${rt.url}/v1/tenants -H "Authorization: Bearer ${rt.adminKey}" \\`,
    `         -H "Content-Type: application/json" -d '{"name":"Acme"}'`,
    "",
  ];
  if (rt.sim && rt.demo) {
    lines.push(
      `  Sim mode     WhatsApp simulator at ${rt.sim.url}`,
      `  Demo key     ${rt.demo.apiKey}`,
      `               sign in to ${rt.dashboardUrl} with it; open "Virtual phone" to link and chat`,
      "",
    );
  }
  lines.push(
    rt.workers.length > 0
      ? `  Fleet        ${rt.workers.length} worker(s): ${rt.workers.map((w) => w.workerId).join(", ")}`
      : "  Fleet        none (--workers 0): sessions cannot connect",
    "",
  );
  lines.push("  Ctrl-C stops everything.", "");
  return `${lines.join("\n")}\n`;
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    const usage =
      process.argv[2] === "import-creds" ? "Run npm start -- import-creds --help for its options.\n" : USAGE;
    process.stderr.write(`${err.message}\n\n${usage}`);
    process.exit(2);
  }
  if (err instanceof CredsFileError || err instanceof CredsImportError) {
    process.stderr.write(`wharf import-creds: ${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`wharf: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
