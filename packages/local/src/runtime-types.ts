import type { createDynamoClients, createManagementClient, createS3Client, SqsClient } from "@wharf/aws";
import type { WebhookRetryPolicy } from "@wharf/core";
import type { Logger } from "pino";
import type { LocalQueueUrls } from "./local-queues";
import type { RestartBackoff } from "./fleet/worker-supervisor";
import type { SimInfo } from "./sim/sim-mode";

/** A WhatsApp Web server for the workers: its WebSocket URL and the certificate root to trust. */
export interface WaEndpoint {
  url: string;
  /** root public key (hex); omit when the server's chain is WhatsApp's own */
  trustRootHex?: string;
}

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
  /** fleet workers to run as child processes (default 0 here; the CLI defaults to 1) */
  workers?: number;
  /** auth-state key for the workers (default: saved in <dataDir>/auth-state-key) */
  authStateKey?: string;
  /** workers' lease TTL (tests shorten it; default the fleet's 30 s) */
  leaseTtlMs?: number;
  /** workers' send hold (WHARF_SEND_HOLD_MS; default the fleet's 90 s) */
  sendHoldMs?: number;
  /** delays before a dead worker is restarted (default 1 s doubling to 30 s; tests shorten it) */
  workerRestartBackoff?: RestartBackoff;
  /** workers' LOG_LEVEL (default info) */
  workerLogLevel?: string;
  /** workers dial this WhatsApp Web stand-in instead of WhatsApp (sim mode sets its own) */
  wa?: WaEndpoint;
  /** sim mode: the WhatsApp simulator in process, a demo tenant and the `/v1/demo` routes */
  sim?: boolean;
  /** the built dashboard served at `/` (default packages/web/dist) */
  dashboardDir?: string;
  logger?: Logger;
  /** realtime WebSocket gateway port; default API port + 1 (0 = any free port) */
  realtimePort?: number;
  /** the local S3 front's port (presigned media URLs); default API port + 2 (0 = any free port) */
  mediaPort?: number;
  /** realtime token key (default: saved in <dataDir>/token-key) */
  tokenKey?: string;
  /** webhook retry schedule (tests shorten it); default ≥ 24 h of backoff */
  webhookRetry?: WebhookRetryPolicy;
  /** use running emulators instead of starting DynamoDB Local and fauxqs (tests) */
  emulators?: { dynamoEndpoint: string; sqsEndpoint: string };
  /** queue name prefix (default wharf-local); runtimes sharing one fauxqs need their own */
  queuePrefix?: string;
  /** how long API-key lookups are trusted (default core's DEFAULT_API_KEY_CACHE_MS; 0: off) */
  apiKeyCacheMs?: number;
  /** parallel receive loops per consumer queue (default 4) */
  pollerConcurrency?: number;
  /**
   * Called once with the runtime's own AWS clients as soon as they exist, before any request:
   * benches and tests wrap them (e.g. countSdkCalls) to count what the data path costs.
   */
  onAwsClients?: (clients: RuntimeAwsClients) => void;
}

/** The AWS clients the runtime's API, consumers and fan-out use (workers have their own). */
export interface RuntimeAwsClients {
  /** the DynamoDB client; the document client shares its middleware stack */
  dynamo: ReturnType<typeof createDynamoClients>["dynamo"];
  sqs: SqsClient;
  s3: ReturnType<typeof createS3Client>;
  /** the realtime gateway's management API (fan-out of frames) */
  management: ReturnType<typeof createManagementClient>;
  /**
   * the SQS pollers' own client (receives, deletes): on AWS the Lambda event source mapping makes
   * these calls, not Wharf's code, so they are counted apart from the handlers' calls
   */
  eventSource: SqsClient;
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
  /** the local S3 front over fauxqs: presigned media URLs name it (CORS, large PUTs) */
  mediaEndpoint: string;
  region: string;
  tableName: string;
  queues: LocalQueueUrls;
  /** where dashboards open the realtime WebSocket (append ?token=…) */
  realtimeUrl: string;
  /** the gateway's management API (ApiGatewayManagementApiClient endpoint) */
  realtimeManagementUrl: string;
  /** the dashboard (`<url>/`) */
  dashboardUrl: string;
  /** fleet workers of this runtime (child processes; a dead one is replaced by its restart) */
  workers: Array<{ workerId: string; pid: number }>;
  /** fleet mode only: one more worker with the same settings (listed in `workers` too) */
  addWorker(): Promise<{ workerId: string; pid: number }>;
  /** sim mode only: where the simulator listens, for fleet workers */
  sim?: SimInfo;
  /** sim mode only: the demo tenant and its ready-made API key */
  demo?: { tenantId: string; apiKey: string };
  stop(): Promise<void>;
}
