import {
  createEventOutbox,
  createOrphanedSessionSource,
  createOrphanStatusWriter,
  createOutboxSweepStore,
  createSessionCensus,
  createWorkerInboxes,
  createWorkerRegistry,
  LOCAL_CREDENTIALS,
  SqsQueue,
  type DynamoContext,
  type SqsClient,
} from "@wharf/aws";
import type { FleetEvent, PlacementMessage } from "@wharf/contracts";
import { systemClock } from "@wharf/core";
import { FLEET_DEFAULTS, startFleetWorkers, type FleetProcess, type FleetProcesses } from "@wharf/fleet";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import type { LocalQueueUrls } from "../local-queues";
import type { WaEndpoint } from "../runtime-types";
import { startJanitorInterval } from "./janitor-interval";
import { type RestartBackoff, superviseWorkers } from "./worker-supervisor";

export interface FleetModeOptions {
  count: number;
  region: string;
  tableName: string;
  dynamoEndpoint: string;
  sqsEndpoint: string;
  queues: LocalQueueUrls;
  /** inbox queue name prefix; one per runtime so runtimes sharing fauxqs never reap each other */
  inboxQueuePrefix: string;
  authStateKey: string;
  doc: DynamoContext["doc"];
  sqs: SqsClient;
  /**
   * a WhatsApp Web stand-in (the simulator with --sim, or --wa-url): workers dial `url` and,
   * given a root key, trust it instead of WhatsApp's, in those processes only
   */
  wa?: WaEndpoint;
  /**
   * the media bucket (on fauxqs' S3) and, with the simulator, a PEM file of its media CA: the
   * workers send and store files there and trust that CA for WhatsApp's media hosts
   */
  media?: { bucket: string; s3Endpoint: string; caFile?: string };
  logger: Logger;
  logLevel?: string;
  /** lease TTL for the workers and the janitor's dead-worker cut-off (default: the fleet's) */
  leaseTtlMs?: number;
  /** the workers' send hold (WHARF_SEND_HOLD_MS; default the fleet's 90 s) */
  sendHoldMs?: number;
  /** a worker that died was replaced by a new process (the runtime's worker list follows) */
  onWorkerReplaced?: (dead: FleetProcess, replacement: FleetProcess) => void;
  /** restart delays after a worker dies (tests shorten them) */
  restartBackoff?: RestartBackoff;
}

export interface FleetMode {
  readonly processes: FleetProcesses;
  stop(): Promise<void>;
}

/** The simulator's media CA as a file for the workers' WHARF_WA_MEDIA_CA_FILE; returns its path. */
export function writeSimMediaCa(dataDir: string, pem: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "wa-sim-media-ca.pem");
  writeFileSync(file, pem);
  return file;
}

/**
 * `npm start -- --workers N`: N fleet workers as child processes on the same emulators, plus
 * the janitor on an interval (on AWS it is a cron Lambda). Stop drains the workers (SIGTERM),
 * so their sessions' leases are released before the emulators go away.
 */
export async function startFleetMode(opts: FleetModeOptions): Promise<FleetMode> {
  const leaseTtlMs = opts.leaseTtlMs ?? FLEET_DEFAULTS.leaseTtlMs;
  const env: Record<string, string> = {
    WHARF_STAGE: "local",
    AWS_REGION: opts.region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    WHARF_TABLE_NAME: opts.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: opts.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: opts.sqsEndpoint,
    WHARF_PLACEMENT_QUEUE_URL: opts.queues.placement,
    WHARF_EVENTS_QUEUE_URL: opts.queues.events,
    WHARF_PLACEMENT_DLQ_URL: opts.queues.placementDlq,
    WHARF_INBOX_DLQ_URL: opts.queues.inboxDlq,
    WHARF_AUTH_STATE_KEY: opts.authStateKey,
    WHARF_INBOX_QUEUE_PREFIX: opts.inboxQueuePrefix,
    WHARF_LEASE_TTL_MS: String(leaseTtlMs),
    WHARF_LEASE_RENEW_MS: String(Math.floor(leaseTtlMs / 3)),
    LOG_LEVEL: opts.logLevel ?? "info",
  };
  if (opts.sendHoldMs) env.WHARF_SEND_HOLD_MS = String(opts.sendHoldMs);
  if (opts.media) {
    env.WHARF_MEDIA_BUCKET = opts.media.bucket;
    env.AWS_ENDPOINT_URL_S3 = opts.media.s3Endpoint;
    // like webhooks, media URLs may point at this machine in the local runtime only
    env.WHARF_MEDIA_ALLOW_PRIVATE_URLS = "true";
    if (opts.media.caFile) env.WHARF_WA_MEDIA_CA_FILE = opts.media.caFile;
  }
  // a trusted root needs the trust preload (startFleetWorkers' `sim`); a bare URL only the config
  if (opts.wa && !opts.wa.trustRootHex) env.WHARF_WA_WEBSOCKET_URL = opts.wa.url;
  const processes = await startFleetWorkers({
    count: opts.count,
    env,
    ...(opts.wa?.trustRootHex ? { sim: { websocketUrl: opts.wa.url, rootKeyHex: opts.wa.trustRootHex } } : {}),
  });
  opts.logger.info({ workers: processes.workers.map((w) => w.workerId) }, "fleet workers ready");
  const supervisor = superviseWorkers({
    processes,
    logger: opts.logger,
    ...(opts.onWorkerReplaced ? { onReplaced: opts.onWorkerReplaced } : {}),
    ...(opts.restartBackoff ? { backoff: opts.restartBackoff } : {}),
  });

  const ctx = { doc: opts.doc, tableName: opts.tableName };
  const janitor = startJanitorInterval(
    {
      registry: createWorkerRegistry(ctx, opts.inboxQueuePrefix),
      orphans: createOrphanedSessionSource(ctx),
      inboxes: createWorkerInboxes(opts.sqs, { prefix: opts.inboxQueuePrefix }),
      placement: new SqsQueue<PlacementMessage>({ client: opts.sqs, queueUrl: opts.queues.placement }),
      orphanStatus: createOrphanStatusWriter(ctx),
      census: createSessionCensus(ctx),
      outboxSweep: { outbox: createEventOutbox(ctx), store: createOutboxSweepStore(ctx) },
      events: new SqsQueue<FleetEvent>({ client: opts.sqs, queueUrl: opts.queues.events }),
      clock: systemClock,
      logger: opts.logger.child({ component: "janitor" }),
      workerTtlMs: leaseTtlMs,
      reaper: "janitor",
    },
    Math.max(1_000, Math.floor(leaseTtlMs / 3)),
  );

  return {
    processes,
    async stop() {
      await supervisor.stop();
      await janitor.stop();
      await processes.stop();
    },
  };
}
