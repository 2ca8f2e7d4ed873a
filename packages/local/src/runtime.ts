import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createDynamoClients,
  createDynamoStores,
  createManagementClient,
  createS3BlobStore,
  createS3Client,
  createSqsClient,
  ensureBucket,
  DEFAULT_LOCAL_TABLE_NAME,
  DEFAULT_REALTIME_TOKEN_TTL_SECONDS,
  ensureTable,
  LOCAL_CREDENTIALS,
} from "@wharf/aws";
import { composeDataPath, createApp, createWsHandler } from "@wharf/control";
import {
  cacheApiKeyLookups,
  DEFAULT_API_KEY_CACHE_MS,
  DEFAULT_WEBHOOK_RETRY,
  hashApiKey,
  systemClock,
} from "@wharf/core";
import { portIsFree, startDynamoDbLocal, startSqsEmulator } from "@wharf/emulators";
import pino from "pino";
import { loadOrCreateAdminKey } from "./admin-key";
import { closeServer, listen, portInUse, urlHost } from "./http-server";
import { createDashboardHandler, defaultDashboardDir, withDashboard } from "./dashboard/static-files";
import { startWebSocketGateway } from "./gateway/websocket-gateway";
import { ensureLocalQueues } from "./local-queues";
import { repoRoot } from "./paths";
import { startEventSourceMappings } from "./pollers/event-source-mappings";
import { dashboardOrigins, startS3Front } from "./s3-front/s3-front";
import type { SimMode } from "./sim/sim-mode";
import type { LocalRuntime, LocalRuntimeOptions } from "./runtime-types";
import type { FleetMode } from "./fleet/fleet-mode";
import { loadOrCreateAuthStateKey, loadOrCreateTokenKey } from "./token-key";

export type { LocalRuntime, LocalRuntimeOptions, RuntimeAwsClients } from "./runtime-types";

/** The local media bucket (fauxqs keeps it in memory: uploads do not survive a restart). */
export const LOCAL_MEDIA_BUCKET = "wharf-media";

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
    const tokenKey = opts.tokenKey ?? loadOrCreateTokenKey(opts.dataDir);
    const [dynamoLocal, sqsLocal] = opts.emulators
      ? [{ endpoint: opts.emulators.dynamoEndpoint }, { endpoint: opts.emulators.sqsEndpoint }]
      : await Promise.all([
          startDynamoDbLocal(dynamoDbPath ? { dbPath: dynamoDbPath } : {}).then(
            (d) => (stops.push({ name: "dynamodb-local", stop: d.stop }), d),
          ),
          startSqsEmulator({ region }).then((s) => (stops.push({ name: "fauxqs", stop: s.stop }), s)),
        ]);
    const { dynamo, doc } = createDynamoClients({
      region,
      endpoint: dynamoLocal.endpoint,
      credentials: LOCAL_CREDENTIALS,
    });
    const sqs = createSqsClient({ region, endpoint: sqsLocal.endpoint, credentials: LOCAL_CREDENTIALS });
    // the pollers stand in for Lambda's event source mappings: their calls on a client of their own
    const eventSource = createSqsClient({ region, endpoint: sqsLocal.endpoint, credentials: LOCAL_CREDENTIALS });
    stops.push({ name: "aws-clients", stop: () => (dynamo.destroy(), sqs.destroy(), eventSource.destroy()) });

    await ensureTable(dynamo, tableName);
    // fauxqs serves S3 on the SQS port; the API reaches it (and mints presigned URLs) through
    // the S3 front, which browsers can use (CORS) and which takes files over fauxqs' 11 MiB
    const origins = new Set<string>();
    const s3Front = await startS3Front({
      upstream: sqsLocal.endpoint,
      credentials: LOCAL_CREDENTIALS,
      allowOrigin: (origin) => origins.has(origin),
      port: opts.mediaPort ?? (port === 0 ? 0 : port + 2),
      host,
      logger,
    });
    stops.push({ name: "s3-front", stop: s3Front.stop });
    const s3 = createS3Client({ region, endpoint: s3Front.endpoint, credentials: LOCAL_CREDENTIALS });
    stops.push({ name: "s3-client", stop: () => s3.destroy() });
    const mediaBucket = LOCAL_MEDIA_BUCKET;
    await ensureBucket(s3, mediaBucket);
    const queues = await ensureLocalQueues(sqs, opts.queuePrefix);
    const stores = createDynamoStores({ doc, tableName });
    // composed as the Lambdas compose it (control lambda/bootstrap.ts); one process, so a key
    // deleted through the API is refused at once, and the realtime check reads uncached
    const repos = {
      ...stores,
      apiKeys: cacheApiKeyLookups(stores.apiKeys, {
        ttlMs: opts.apiKeyCacheMs ?? DEFAULT_API_KEY_CACHE_MS,
        clock: systemClock,
      }),
    };

    // The data path, composed exactly as the Lambdas compose it; only here may webhooks
    // target this machine (allowPrivateWebhookTargets), never on AWS.
    let wsHandler: ReturnType<typeof createWsHandler> | null = null;
    const gateway = await startWebSocketGateway({
      port: opts.realtimePort ?? (port === 0 ? 0 : port + 1),
      host,
      logger,
      handler: (event) => (wsHandler ? wsHandler(event) : Promise.resolve({ statusCode: 503 })),
    });
    stops.push({ name: "ws-gateway", stop: gateway.stop });
    // what browsers open: a wildcard listen address is not something to connect to
    const realtimeUrl = `ws://${urlHost(host)}:${gateway.port}`;
    const management = createManagementClient({
      endpoint: gateway.managementEndpoint,
      region,
      credentials: LOCAL_CREDENTIALS,
    });
    stops.push({ name: "management-client", stop: () => management.destroy() });
    opts.onAwsClients?.({ dynamo, sqs, s3, management, eventSource });
    const data = composeDataPath({
      doc,
      tableName,
      sqs,
      placementQueueUrl: queues.placement,
      webhooksQueueUrl: queues.webhooks,
      tokenKey,
      tokenTtlSeconds: DEFAULT_REALTIME_TOKEN_TTL_SECONDS,
      realtimeUrl,
      management,
      allowPrivateWebhookTargets: true,
      media: { blobs: createS3BlobStore(s3, mediaBucket) },
      webhookRetry: opts.webhookRetry ?? DEFAULT_WEBHOOK_RETRY,
      clock: systemClock,
      logger,
    });
    wsHandler = createWsHandler(data.ws);
    // the Lambda event source mappings (pollers on a client of their own)
    const concurrency = opts.pollerConcurrency ?? 4;
    stops.push(...startEventSourceMappings({ eventSource, sqs, queues, data, logger, region, concurrency }));

    // Sim mode: the simulator comes before the fleet so workers can be pointed at it. Loaded
    // lazily: without --sim the runtime never loads Baileys.
    let simMode: SimMode | null = null;
    if (opts.sim) {
      const { startSimMode } = await import("./sim/sim-mode");
      simMode = await startSimMode({
        dataDir: opts.dataDir,
        persistent: !opts.inMemory,
        tenants: repos.tenants,
        apiKeys: repos.apiKeys,
        clock: systemClock,
        logger,
      });
      stops.push({ name: "wa-sim", stop: simMode.stop });
    }

    // Fleet workers as child processes on the same emulators (lazily: they load Baileys).
    let fleetMode: FleetMode | null = null;
    // the live workers: a dead one is swapped for its replacement when the supervisor restarts it
    const workers: Array<{ workerId: string; pid: number }> = [];
    const onWorkerReplaced = (dead: { pid: number }, next: { workerId: string; pid: number }) => {
      const at = workers.findIndex((w) => w.pid === dead.pid);
      workers.splice(at < 0 ? workers.length : at, at < 0 ? 0 : 1, { workerId: next.workerId, pid: next.pid });
    };
    if ((opts.workers ?? 0) > 0) {
      const { startFleetMode, writeSimMediaCa } = await import("./fleet/fleet-mode");
      fleetMode = await startFleetMode({
        count: opts.workers ?? 0,
        region,
        tableName,
        dynamoEndpoint: dynamoLocal.endpoint,
        sqsEndpoint: sqsLocal.endpoint,
        queues,
        inboxQueuePrefix: `${opts.queuePrefix ?? "wharf-local"}-inbox-`,
        media: {
          bucket: mediaBucket,
          s3Endpoint: sqsLocal.endpoint,
          ...(simMode ? { caFile: writeSimMediaCa(opts.dataDir, simMode.sim.mediaCaPem) } : {}),
        },
        authStateKey: opts.authStateKey ?? loadOrCreateAuthStateKey(opts.dataDir),
        doc,
        sqs,
        logger: logger.child({ component: "fleet" }),
        // --sim is one stand-in among others: the same two settings as --wa-url/--wa-trust-root
        ...(simMode
          ? { wa: { url: simMode.sim.url, trustRootHex: simMode.sim.rootPublicKeyHex } }
          : opts.wa
            ? { wa: opts.wa }
            : {}),
        ...(opts.leaseTtlMs ? { leaseTtlMs: opts.leaseTtlMs } : {}),
        ...(opts.sendHoldMs ? { sendHoldMs: opts.sendHoldMs } : {}),
        ...(opts.workerLogLevel ? { logLevel: opts.workerLogLevel } : {}),
        ...(opts.workerRestartBackoff ? { restartBackoff: opts.workerRestartBackoff } : {}),
        onWorkerReplaced,
      });
      stops.push({ name: "fleet", stop: fleetMode.stop });
      for (const w of fleetMode.processes.workers) workers.push({ workerId: w.workerId, pid: w.pid });
    }

    const app = createApp({
      repos,
      clock: systemClock,
      adminKeyHash: hashApiKey(admin.key),
      logger,
      version: readVersion(),
      data: data.app,
      ...(simMode ? { extraRoutes: simMode.extraRoutes } : {}),
    });
    const dashboard = createDashboardHandler(opts.dashboardDir ?? defaultDashboardDir());
    const { server, port: boundPort } = await listen(withDashboard(app.fetch, dashboard), port, host);
    stops.push({ name: "http", stop: () => closeServer(server) });

    const url = `http://${urlHost(host)}:${boundPort}`;
    for (const origin of dashboardOrigins(host, boundPort)) origins.add(origin);
    const addWorker = async () => {
      if (!fleetMode) throw new Error("no fleet: start the runtime with workers");
      const w = await fleetMode.processes.add();
      workers.push({ workerId: w.workerId, pid: w.pid });
      return { workerId: w.workerId, pid: w.pid };
    };
    return {
      url,
      docsUrl: `${url}/v1/docs`,
      adminKey: admin.key,
      adminKeyPath: admin.path,
      dataDir: opts.dataDir,
      dynamoDbPath,
      dynamoEndpoint: dynamoLocal.endpoint,
      sqsEndpoint: sqsLocal.endpoint,
      mediaEndpoint: s3Front.endpoint,
      region,
      tableName,
      queues,
      realtimeUrl,
      realtimeManagementUrl: gateway.managementEndpoint,
      dashboardUrl: `${url}/`,
      workers,
      addWorker,
      ...(simMode ? { sim: simMode.sim, demo: { tenantId: simMode.demo.tenantId, apiKey: simMode.demo.apiKey } } : {}),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

function readVersion(): string {
  try {
    return (
      (JSON.parse(readFileSync(join(repoRoot(), "package.json"), "utf8")) as { version?: string }).version ?? "0.0.0"
    );
  } catch {
    return "0.0.0";
  }
}
