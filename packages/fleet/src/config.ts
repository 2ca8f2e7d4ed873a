import { readFileSync } from "node:fs";
import { ConfigError, loadConfig, type WharfConfig } from "@wharf/aws";
import { z } from "zod";
import { MEDIA_DEFAULTS, type WorkerMediaSettings } from "./media/worker-media";
import { withSstLinks } from "./sst-links";

/**
 * Fleet settings on top of the shared WharfConfig (table, queues, endpoints, auth-state
 * key, log level). Read from env once in main.ts and injected; nothing else reads env.
 */
export interface FleetSettings {
  /** fixed worker id (tests); default a fresh `wrk_…` per process */
  workerId: string | null;
  /** sessions one worker holds at most */
  capacity: number;
  leaseTtlMs: number;
  leaseRenewMs: number;
  /** a worker whose heartbeat is older than this is dead (defaults to the lease TTL) */
  workerTtlMs: number;
  /** how often each worker looks for dead peers to re-place their sessions */
  reapIntervalMs: number;
  placementWaitSeconds: number;
  inboxWaitSeconds: number;
  /** name prefix of per-worker inbox queues (`<prefix><workerId>.fifo`) */
  inboxQueuePrefix: string;
  /** upper bound for a SIGTERM drain */
  drainTimeoutMs: number;
  /** open this long and the reconnect attempt counter resets (DESIGN §4: 60 s) */
  stableOpenMs: number;
  /**
   * how long after the API accepted it a send may still go out (WHARF_SEND_HOLD_MS): one not
   * sent by then (its owner died, the session stayed down) ends failed `send_timeout`, never late
   */
  sendHoldMs: number;
  /** how long an edit, delete or reaction waits for WhatsApp's ack before it fails `timeout` (WHARF_ACTION_ACK_TIMEOUT_MS) */
  actionAckTimeoutMs: number;
  wa: {
    /** the simulator (or another endpoint); null = WhatsApp itself */
    websocketUrl: string | null;
    /**
     * certificate root (hex public key) of a stand-in server, trusted instead of WhatsApp's by
     * the @wharf/wa-sim/preload trust hook (which reads the same variable); null = WhatsApp's
     */
    trustRootKeyHex: string | null;
    /** WhatsApp Web version to announce; null = the one Baileys ships with (never fetched at run time) */
    version: [number, number, number] | null;
    /** wait for the RECENT history sync on a first login (Baileys holds events up to 20 s for it) */
    syncRecentHistory: boolean;
    logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  };
  /** files sent and received (DESIGN §11) */
  media: WorkerMediaSettings & {
    /** the media bucket; null: media sends fail with a reason, inbound files are not stored */
    bucket: string | null;
    /** S3 endpoint (fauxqs locally); null on AWS */
    s3Endpoint: string | null;
  };
}

export interface FleetConfig {
  base: WharfConfig;
  fleet: FleetSettings;
  /** decoded older auth-state keys, accepted for reading after a rotation */
  previousAuthStateKeys: Buffer[];
  /** WHARF_COUNT_SDK_CALLS=true: count SDK calls per command and answer {cmd:"sdk-calls"} over IPC (benchmarks) */
  countSdkCalls: boolean;
}

export const FLEET_DEFAULTS = {
  capacity: 500,
  leaseTtlMs: 30_000,
  leaseRenewMs: 10_000,
  reapIntervalMs: 5_000,
  // short: a drain lets the placement poll in flight end rather than abort it (see WorkerRun)
  placementWaitSeconds: 4,
  inboxWaitSeconds: 20,
  drainTimeoutMs: 90_000,
  stableOpenMs: 60_000,
  sendHoldMs: 90_000,
  actionAckTimeoutMs: 20_000,
} as const;

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const int = (min: number, max: number) => z.preprocess(blank, z.coerce.number().int().min(min).max(max).optional());
const base64Key = z.string().refine((v) => Buffer.from(v, "base64").length === 32, { message: "base64 of 32 bytes" });

const FleetEnv = z.object({
  WHARF_WORKER_ID: z.preprocess(
    blank,
    z
      .string()
      .regex(/^wrk_[0-9A-HJKMNP-TV-Z]{26}$/, { message: "a worker id (wrk_ + ULID)" })
      .optional(),
  ),
  WHARF_FLEET_CAPACITY: int(1, 20_000),
  WHARF_COUNT_SDK_CALLS: z.enum(["true", "false"]).optional(),
  WHARF_LEASE_TTL_MS: int(1_000, 600_000),
  WHARF_LEASE_RENEW_MS: int(200, 300_000),
  WHARF_WORKER_TTL_MS: int(1_000, 600_000),
  WHARF_REAP_INTERVAL_MS: int(200, 600_000),
  WHARF_PLACEMENT_WAIT_SECONDS: int(0, 20),
  WHARF_INBOX_WAIT_SECONDS: int(0, 20),
  WHARF_INBOX_QUEUE_PREFIX: z.preprocess(
    blank,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, { message: "letters, digits, - and _ (≤ 40)" })
      .optional(),
  ),
  WHARF_DRAIN_TIMEOUT_MS: int(1_000, 600_000),
  WHARF_STABLE_OPEN_MS: int(1_000, 3_600_000),
  WHARF_SEND_HOLD_MS: int(1_000, 24 * 3_600_000),
  WHARF_ACTION_ACK_TIMEOUT_MS: int(100, 600_000),
  WHARF_WA_WEBSOCKET_URL: z.preprocess(
    blank,
    z
      .string()
      .regex(/^wss?:\/\//, { message: "a ws:// or wss:// URL" })
      .optional(),
  ),
  WHARF_WA_SIM_ROOT_KEY: z.preprocess(
    blank,
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, { message: "64 hex characters (a 32-byte public key)" })
      .optional(),
  ),
  WHARF_WA_VERSION: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, { message: "three numbers, e.g. 2.3000.1043857760" })
      .optional(),
  ),
  WHARF_WA_SYNC_RECENT_HISTORY: z.preprocess(blank, z.enum(["true", "false"]).optional()),
  WHARF_BAILEYS_LOG_LEVEL: z.preprocess(
    blank,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  ),
  WHARF_AUTH_STATE_PREVIOUS_KEYS: z.preprocess(blank, z.string().optional()),
  WHARF_MEDIA_BUCKET: z.preprocess(
    blank,
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "an S3 bucket name" })
      .optional(),
  ),
  AWS_ENDPOINT_URL_S3: z.preprocess(blank, z.string().url().optional()),
  /** PEM file of the CA of a stand-in media host (the simulator's), trusted instead of the public roots */
  WHARF_WA_MEDIA_CA_FILE: z.preprocess(blank, z.string().optional()),
  WHARF_MEDIA_ALLOW_PRIVATE_URLS: z.preprocess(blank, z.enum(["true", "false"]).optional()),
  WHARF_MEDIA_URL_TIMEOUT_MS: int(1_000, 600_000),
  SST_RESOURCE_MediaBucket: z.preprocess(blank, z.string().optional()),
  /** SST links the Inboxes resource as JSON in this variable (ECS services get SST_RESOURCE_*) */
  SST_RESOURCE_Inboxes: z.preprocess(blank, z.string().optional()),
});

/** Validates env once for a fleet worker; throws ConfigError naming every problem. */
export function loadFleetConfig(env: Record<string, string | undefined>): FleetConfig {
  const base = loadConfig(withSstLinks(env), { require: ["authStateKey", "placementQueueUrl", "eventsQueueUrl"] });
  const parsed = FleetEnv.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  const e = parsed.data;
  const issues: string[] = [];

  const previous: Buffer[] = [];
  for (const [i, raw] of (e.WHARF_AUTH_STATE_PREVIOUS_KEYS?.split(",") ?? []).entries()) {
    if (base64Key.safeParse(raw.trim()).success) previous.push(Buffer.from(raw.trim(), "base64"));
    else issues.push(`WHARF_AUTH_STATE_PREVIOUS_KEYS[${i}]: base64 of 32 bytes`);
  }
  let prefix = e.WHARF_INBOX_QUEUE_PREFIX;
  if (!prefix && e.SST_RESOURCE_Inboxes) {
    try {
      prefix = z.object({ queuePrefix: z.string().min(1) }).parse(JSON.parse(e.SST_RESOURCE_Inboxes)).queuePrefix;
    } catch {
      issues.push("SST_RESOURCE_Inboxes: JSON with a queuePrefix");
    }
  }
  let bucket = e.WHARF_MEDIA_BUCKET ?? null;
  if (!bucket && e.SST_RESOURCE_MediaBucket) {
    try {
      bucket = z.object({ name: z.string().min(3) }).parse(JSON.parse(e.SST_RESOURCE_MediaBucket)).name;
    } catch {
      issues.push("SST_RESOURCE_MediaBucket: JSON with a name");
    }
  }
  let caPem: string | null = null;
  if (e.WHARF_WA_MEDIA_CA_FILE) {
    try {
      caPem = readFileSync(e.WHARF_WA_MEDIA_CA_FILE, "utf8");
      if (!caPem.includes("BEGIN CERTIFICATE")) issues.push("WHARF_WA_MEDIA_CA_FILE: not a PEM certificate");
    } catch {
      issues.push("WHARF_WA_MEDIA_CA_FILE: cannot be read");
    }
  }
  const leaseTtlMs = e.WHARF_LEASE_TTL_MS ?? FLEET_DEFAULTS.leaseTtlMs;
  const leaseRenewMs = e.WHARF_LEASE_RENEW_MS ?? FLEET_DEFAULTS.leaseRenewMs;
  // two renewals must fit in one TTL, or a single slow renewal loses the lease
  if (leaseRenewMs * 2 > leaseTtlMs)
    issues.push(`WHARF_LEASE_RENEW_MS: at most half of WHARF_LEASE_TTL_MS (${leaseTtlMs})`);
  if (issues.length > 0) throw new ConfigError(issues);

  const version = e.WHARF_WA_VERSION?.split(".").map(Number) as [number, number, number] | undefined;
  return {
    base,
    previousAuthStateKeys: previous,
    countSdkCalls: e.WHARF_COUNT_SDK_CALLS === "true",
    fleet: {
      workerId: e.WHARF_WORKER_ID ?? null,
      capacity: e.WHARF_FLEET_CAPACITY ?? FLEET_DEFAULTS.capacity,
      leaseTtlMs,
      leaseRenewMs,
      workerTtlMs: e.WHARF_WORKER_TTL_MS ?? leaseTtlMs,
      reapIntervalMs: e.WHARF_REAP_INTERVAL_MS ?? FLEET_DEFAULTS.reapIntervalMs,
      placementWaitSeconds: e.WHARF_PLACEMENT_WAIT_SECONDS ?? FLEET_DEFAULTS.placementWaitSeconds,
      inboxWaitSeconds: e.WHARF_INBOX_WAIT_SECONDS ?? FLEET_DEFAULTS.inboxWaitSeconds,
      inboxQueuePrefix: prefix ?? `wharf-${base.stage}-inbox-`,
      drainTimeoutMs: e.WHARF_DRAIN_TIMEOUT_MS ?? FLEET_DEFAULTS.drainTimeoutMs,
      stableOpenMs: e.WHARF_STABLE_OPEN_MS ?? FLEET_DEFAULTS.stableOpenMs,
      sendHoldMs: e.WHARF_SEND_HOLD_MS ?? FLEET_DEFAULTS.sendHoldMs,
      actionAckTimeoutMs: e.WHARF_ACTION_ACK_TIMEOUT_MS ?? FLEET_DEFAULTS.actionAckTimeoutMs,
      wa: {
        websocketUrl: e.WHARF_WA_WEBSOCKET_URL ?? null,
        trustRootKeyHex: e.WHARF_WA_SIM_ROOT_KEY?.toLowerCase() ?? null,
        version: version ?? null,
        syncRecentHistory: e.WHARF_WA_SYNC_RECENT_HISTORY === "true",
        logLevel: e.WHARF_BAILEYS_LOG_LEVEL ?? "error",
      },
      media: {
        ...MEDIA_DEFAULTS,
        bucket,
        s3Endpoint: e.AWS_ENDPOINT_URL_S3 ?? null,
        caPem,
        allowPrivateUrls: e.WHARF_MEDIA_ALLOW_PRIVATE_URLS === "true",
        urlTimeoutMs: e.WHARF_MEDIA_URL_TIMEOUT_MS ?? MEDIA_DEFAULTS.urlTimeoutMs,
      },
    },
  };
}

/** Settings for tests and in-process workers: defaults plus overrides. */
export function fleetSettings(
  overrides: Partial<Omit<FleetSettings, "wa" | "media">> & {
    wa?: Partial<FleetSettings["wa"]>;
    media?: Partial<FleetSettings["media"]>;
  } = {},
): FleetSettings {
  const { wa, media, ...rest } = overrides;
  const leaseTtlMs = rest.leaseTtlMs ?? FLEET_DEFAULTS.leaseTtlMs;
  return {
    workerId: null,
    ...FLEET_DEFAULTS,
    leaseTtlMs,
    workerTtlMs: leaseTtlMs,
    inboxQueuePrefix: "wharf-local-inbox-",
    ...rest,
    wa: {
      websocketUrl: null,
      trustRootKeyHex: null,
      version: null,
      syncRecentHistory: false,
      logLevel: "error",
      ...wa,
    },
    media: {
      ...MEDIA_DEFAULTS,
      bucket: null,
      s3Endpoint: null,
      caPem: null,
      allowPrivateUrls: false,
      ...media,
    },
  };
}
