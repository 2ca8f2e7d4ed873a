import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createDynamoClients, createDynamoRepositories, createSqsClient, DEFAULT_LOCAL_TABLE_NAME, ensureTable, LOCAL_CREDENTIALS } from "@wharf/aws";
import { createApp } from "@wharf/control";
import { hashApiKey, systemClock } from "@wharf/core";
import pino, { type Logger } from "pino";
import { loadOrCreateAdminKey } from "./admin-key";
import { startDynamoDbLocal } from "./emulators/dynamodb-local";
import { portIsFree } from "./emulators/free-port";
import { startSqsEmulator } from "./emulators/sqs";
import { ensureLocalQueues, type LocalQueueUrls } from "./local-queues";
import { repoRoot } from "./paths";

export interface LocalRuntimeOptions {
  /** HTTP port (0 = any free port); default 4000 */
  port?: number;
  /** interface to listen on; default 127.0.0.1 (this machine only) */
  host?: string;
  /** holds dynamodb/ (unless inMemory) and admin-key */
  dataDir: string;
  /** DynamoDB Local in memory: nothing but the admin key survives a restart */
  inMemory?: boolean;
  /** use this admin key instead of the saved one (e.g. from WHARF_ADMIN_KEY) */
  adminKey?: string;
  tableName?: string;
  region?: string;
  /** reserved: fleet workers to run in process (wired by the fleet issue) */
  workers?: number;
  /** reserved: start the WhatsApp simulator (wired by the simulator issue) */
  sim?: boolean;
  logger?: Logger;
}

export interface LocalRuntime {
  url: string;
  docsUrl: string;
  adminKey: string;
  adminKeyPath: string | null;
  dataDir: string;
  /** where DynamoDB Local keeps its file; null in memory */
  dynamoDbPath: string | null;
  dynamoEndpoint: string;
  sqsEndpoint: string;
  region: string;
  tableName: string;
  queues: LocalQueueUrls;
  stop(): Promise<void>;
}

/**
 * The embedded runtime (DESIGN §6): DynamoDB Local + fauxqs, the table and queues, and the
 * control API on @hono/node-server, composed with the same adapters as on AWS. Anything
 * started is stopped again if a later step fails.
 */
export async function startLocalRuntime(opts: LocalRuntimeOptions): Promise<LocalRuntime> {
  const logger = opts.logger ?? pino({ level: "info", base: { app: "wharf-local" } });
  const region = opts.region ?? "us-east-1";
  const tableName = opts.tableName ?? DEFAULT_LOCAL_TABLE_NAME;
  const dynamoDbPath = opts.inMemory ? null : join(opts.dataDir, "dynamodb");
  // stopped in reverse order of starting
  const stops: Array<{ name: string; stop: () => Promise<void> | void }> = [];
  const stopAll = async () => {
    for (const { name, stop } of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (err) {
        logger.error({ err, component: name }, "stop failed");
      }
    }
  };

  const port = opts.port ?? 4000;
  const host = opts.host ?? "127.0.0.1";
  // fail before spending seconds on java when the API port is taken
  if (port !== 0 && !(await portIsFree(port, host))) throw portInUse(port, host);

  try {
    const admin = opts.adminKey ? { key: opts.adminKey, path: null } : loadOrCreateAdminKey(opts.dataDir);

    const [dynamoLocal, sqsLocal] = await Promise.all([
      startDynamoDbLocal(dynamoDbPath ? { dbPath: dynamoDbPath } : {}).then((d) => (stops.push({ name: "dynamodb-local", stop: d.stop }), d)),
      startSqsEmulator({ region }).then((s) => (stops.push({ name: "fauxqs", stop: s.stop }), s)),
    ]);
    const { dynamo, doc } = createDynamoClients({ region, endpoint: dynamoLocal.endpoint, credentials: LOCAL_CREDENTIALS });
    const sqs = createSqsClient({ region, endpoint: sqsLocal.endpoint, credentials: LOCAL_CREDENTIALS });
    stops.push({ name: "aws-clients", stop: () => (dynamo.destroy(), sqs.destroy()) });

    await ensureTable(dynamo, tableName);
    const queues = await ensureLocalQueues(sqs);
    const repos = createDynamoRepositories({ doc, tableName });

    // seam (realtime issue): start the WebSocket gateway (API Gateway WebSocket emulation) here
    // seam (events/webhooks issue): start SQS pollers feeding the events / webhooks handlers
    // seam (fleet issue): start `opts.workers` fleet workers sharing `doc`, `sqs` and `queues`
    // seam (simulator issue): with `opts.sim`, start packages/wa-sim and point workers at it

    const app = createApp({ repos, clock: systemClock, adminKeyHash: hashApiKey(admin.key), logger, version: readVersion() });
    const { server, port: boundPort } = await listen(app.fetch, port, host);
    stops.push({ name: "http", stop: () => closeServer(server) });

    const url = `http://${urlHost(host)}:${boundPort}`;
    return {
      url,
      docsUrl: `${url}/v1/docs`,
      adminKey: admin.key,
      adminKeyPath: admin.path,
      dataDir: opts.dataDir,
      dynamoDbPath,
      dynamoEndpoint: dynamoLocal.endpoint,
      sqsEndpoint: sqsLocal.endpoint,
      region,
      tableName,
      queues,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

function listen(
  fetch: (req: Request) => Response | Promise<Response>,
  port: number,
  hostname: string,
): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (info) => resolve({ server: server as Server, port: info.port })) as Server;
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? portInUse(port, hostname) : err),
    );
  });
}

function portInUse(port: number, host: string): Error {
  return new Error(`port ${port} on ${host} is in use; pick another with --port`);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // idle keep-alive sockets would hold close() open
    server.closeAllConnections();
  });
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot(), "package.json"), "utf8")) as { version?: string }).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}
