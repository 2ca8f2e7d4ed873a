import { DEFAULT_AUDIT_RETENTION_DAYS } from "@wharf/contracts";
import { hashApiKey, looksLikeApiKey } from "@wharf/core";
import { z } from "zod";

/**
 * Configuration, read from env and validated once in an entry point, then injected.
 * Every variable is documented in packages/aws/README.md (and the root .env.example).
 */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface WharfConfig {
  stage: string;
  region: string;
  tableName: string;
  queues: {
    placementUrl: string | null;
    eventsUrl: string | null;
    webhooksUrl: string | null;
    /** where the events consumer dead-letters a poison event at once; null: SQS redrive only */
    eventsDlqUrl: string | null;
    /** the same for the webhook deliverer */
    webhooksDlqUrl: string | null;
    /** where a worker dead-letters a poison placement message at once */
    placementDlqUrl: string | null;
    /** where a worker dead-letters a poison inbox command at once (the inboxes' shared DLQ) */
    inboxDlqUrl: string | null;
    /** dead-letter queue of every worker inbox (set as the inbox's RedrivePolicy); null locally */
    inboxDlq: { arn: string; maxReceiveCount: number } | null;
  };
  /** emulator endpoints; null on AWS */
  endpoints: { dynamodb: string | null; sqs: string | null };
  /** hex SHA-256 of the platform admin key (the key itself is never kept) */
  adminKeyHash: string | null;
  /** 32-byte AES-256-GCM key for auth state at rest */
  authStateKey: Buffer | null;
  /** HMAC key for the dashboard's short-lived realtime tokens */
  tokenKey: string | null;
  logLevel: LogLevel;
  /** "emf": metrics as CloudWatch EMF lines on stdout (AWS); "off": not recorded (local, tests) */
  metrics: "emf" | "off";
  /** the ECS agent's endpoint inside a task (set by ECS); null outside ECS */
  ecsAgentUri: string | null;
  /** days an audit log entry is kept (DynamoDB TTL) */
  auditRetentionDays: number;
}

export const DEFAULT_INBOX_MAX_RECEIVES = 5;

/** Settings a given entry point cannot run without (all are optional to the loader itself). */
export type RequiredSetting =
  | "adminKeyHash"
  | "authStateKey"
  | "tokenKey"
  | "placementQueueUrl"
  | "eventsQueueUrl"
  | "webhooksQueueUrl";

export class ConfigError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`invalid configuration:\n  - ${issues.join("\n  - ")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const url = z.string().url({ message: "must be a URL" });

const EnvSchema = z.object({
  WHARF_STAGE: optional(
    z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, { message: "lowercase letters, digits and dashes" }),
  ),
  AWS_REGION: optional(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: "an AWS region like us-east-1" })),
  AWS_DEFAULT_REGION: optional(z.string()),
  WHARF_TABLE_NAME: optional(z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, { message: "a DynamoDB table name" })),
  WHARF_PLACEMENT_QUEUE_URL: optional(url),
  WHARF_EVENTS_QUEUE_URL: optional(url),
  WHARF_WEBHOOKS_QUEUE_URL: optional(url),
  WHARF_EVENTS_DLQ_URL: optional(url),
  WHARF_WEBHOOKS_DLQ_URL: optional(url),
  WHARF_PLACEMENT_DLQ_URL: optional(url),
  WHARF_INBOX_DLQ_URL: optional(url),
  AWS_ENDPOINT_URL_DYNAMODB: optional(url),
  AWS_ENDPOINT_URL_SQS: optional(url),
  WHARF_ADMIN_KEY: optional(
    z.string().refine(looksLikeApiKey, { message: "must look like wharf_sk_<43 base64url chars>" }),
  ),
  WHARF_ADMIN_KEY_HASH: optional(
    z.string().regex(/^[0-9a-f]{64}$/, { message: "hex SHA-256 (64 lowercase hex chars)" }),
  ),
  WHARF_AUTH_STATE_KEY: optional(
    z.string().refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, "base64").length === 32, {
      message: "base64 of exactly 32 random bytes",
    }),
  ),
  WHARF_TOKEN_KEY: optional(z.string().min(32, { message: "at least 32 characters" })),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
  WHARF_INBOX_DLQ_ARN: optional(
    z
      .string()
      .regex(/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+\.fifo$/, { message: "the ARN of a FIFO queue" }),
  ),
  WHARF_INBOX_MAX_RECEIVES: optional(z.coerce.number().int().min(1).max(1000)),
  WHARF_METRICS: optional(z.enum(["emf", "off"])),
  ECS_AGENT_URI: optional(url),
  WHARF_AUDIT_RETENTION_DAYS: optional(z.coerce.number().int().min(1).max(3650)),
});

export const DEFAULT_STAGE = "local";
export const DEFAULT_REGION = "us-east-1";
export const DEFAULT_LOCAL_TABLE_NAME = "wharf-local";

/**
 * Validates the environment once. Throws ConfigError naming every bad or missing variable.
 * `require` lists what this entry point needs (e.g. the http Lambda needs adminKeyHash).
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  opts: { require?: RequiredSetting[] } = {},
): WharfConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const issues: string[] = [];
  const stage = e.WHARF_STAGE ?? DEFAULT_STAGE;

  // a deployed stage must name its table: a default there would point at the wrong data
  if (!e.WHARF_TABLE_NAME && stage !== DEFAULT_STAGE)
    issues.push(`WHARF_TABLE_NAME: required when WHARF_STAGE is not "${DEFAULT_STAGE}"`);

  const fromKey = e.WHARF_ADMIN_KEY ? hashApiKey(e.WHARF_ADMIN_KEY) : undefined;
  if (fromKey && e.WHARF_ADMIN_KEY_HASH && fromKey !== e.WHARF_ADMIN_KEY_HASH) {
    issues.push("WHARF_ADMIN_KEY_HASH: does not match WHARF_ADMIN_KEY (set only one)");
  }

  const config: WharfConfig = {
    stage,
    region: e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? DEFAULT_REGION,
    tableName: e.WHARF_TABLE_NAME ?? DEFAULT_LOCAL_TABLE_NAME,
    queues: {
      placementUrl: e.WHARF_PLACEMENT_QUEUE_URL ?? null,
      eventsUrl: e.WHARF_EVENTS_QUEUE_URL ?? null,
      webhooksUrl: e.WHARF_WEBHOOKS_QUEUE_URL ?? null,
      eventsDlqUrl: e.WHARF_EVENTS_DLQ_URL ?? null,
      webhooksDlqUrl: e.WHARF_WEBHOOKS_DLQ_URL ?? null,
      placementDlqUrl: e.WHARF_PLACEMENT_DLQ_URL ?? null,
      inboxDlqUrl: e.WHARF_INBOX_DLQ_URL ?? null,
      inboxDlq: e.WHARF_INBOX_DLQ_ARN
        ? { arn: e.WHARF_INBOX_DLQ_ARN, maxReceiveCount: e.WHARF_INBOX_MAX_RECEIVES ?? DEFAULT_INBOX_MAX_RECEIVES }
        : null,
    },
    endpoints: { dynamodb: e.AWS_ENDPOINT_URL_DYNAMODB ?? null, sqs: e.AWS_ENDPOINT_URL_SQS ?? null },
    adminKeyHash: fromKey ?? e.WHARF_ADMIN_KEY_HASH ?? null,
    authStateKey: e.WHARF_AUTH_STATE_KEY ? Buffer.from(e.WHARF_AUTH_STATE_KEY, "base64") : null,
    tokenKey: e.WHARF_TOKEN_KEY ?? null,
    logLevel: e.LOG_LEVEL ?? "info",
    metrics: e.WHARF_METRICS ?? "off",
    ecsAgentUri: e.ECS_AGENT_URI ?? null,
    auditRetentionDays: e.WHARF_AUDIT_RETENTION_DAYS ?? DEFAULT_AUDIT_RETENTION_DAYS,
  };

  const present: Record<RequiredSetting, [boolean, string]> = {
    adminKeyHash: [config.adminKeyHash !== null, "WHARF_ADMIN_KEY or WHARF_ADMIN_KEY_HASH"],
    authStateKey: [config.authStateKey !== null, "WHARF_AUTH_STATE_KEY"],
    tokenKey: [config.tokenKey !== null, "WHARF_TOKEN_KEY"],
    placementQueueUrl: [config.queues.placementUrl !== null, "WHARF_PLACEMENT_QUEUE_URL"],
    eventsQueueUrl: [config.queues.eventsUrl !== null, "WHARF_EVENTS_QUEUE_URL"],
    webhooksQueueUrl: [config.queues.webhooksUrl !== null, "WHARF_WEBHOOKS_QUEUE_URL"],
  };
  for (const setting of opts.require ?? []) {
    const [ok, name] = present[setting];
    if (!ok) issues.push(`${name}: required here`);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}
