import { z } from "zod";
import { ConfigError } from "./config";

/**
 * Settings of the data path on top of WharfConfig, validated once by an entry
 * point: where dashboards open the WebSocket, the management endpoint frames are posted to,
 * and the key sealing webhook secrets. On AWS the SST link `Realtime` ({ url,
 * managementEndpoint }) fills the first two.
 */
export interface DataPathSettings {
  /** wss:// URL handed out with realtime tokens; null when unknown */
  realtimeUrl: string | null;
  /** API Gateway management endpoint (https://{api}.execute-api.{region}.amazonaws.com/{stage}) */
  realtimeManagementUrl: string | null;
  /** 32 bytes; null = derived from WHARF_TOKEN_KEY (see webhookSecretKey) */
  webhookSecretsKey: Buffer | null;
  /** lifetime of realtime tokens */
  realtimeTokenTtlSeconds: number;
  /** the media bucket (SST link `MediaBucket`, else WHARF_MEDIA_BUCKET); null: media routes answer 503 */
  mediaBucket: string | null;
  /** S3 endpoint (fauxqs when run against emulators); null on AWS */
  s3Endpoint: string | null;
}

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const Env = z.object({
  WHARF_REALTIME_URL: z.preprocess(
    blank,
    z
      .string()
      .regex(/^wss?:\/\//, { message: "a ws:// or wss:// URL" })
      .optional(),
  ),
  WHARF_REALTIME_MANAGEMENT_URL: z.preprocess(blank, z.string().url({ message: "must be a URL" }).optional()),
  WHARF_WEBHOOK_SECRETS_KEY: z.preprocess(
    blank,
    z
      .string()
      .refine((v) => Buffer.from(v, "base64").length === 32, { message: "base64 of exactly 32 random bytes" })
      .optional(),
  ),
  WHARF_REALTIME_TOKEN_TTL_SECONDS: z.preprocess(blank, z.coerce.number().int().min(10).max(3600).optional()),
  // S3 bucket naming rules: 3-63 lowercase letters, digits, dots and hyphens
  WHARF_MEDIA_BUCKET: z.preprocess(
    blank,
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "an S3 bucket name" })
      .optional(),
  ),
  AWS_ENDPOINT_URL_S3: z.preprocess(blank, z.string().url({ message: "must be a URL" }).optional()),
});

export const DEFAULT_REALTIME_TOKEN_TTL_SECONDS = 300;

export interface RealtimeLink {
  url: string;
  managementEndpoint: string;
}

export function loadDataPathSettings(
  env: Record<string, string | undefined>,
  realtime?: RealtimeLink,
  media?: { name: string },
): DataPathSettings {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  const e = parsed.data;
  return {
    realtimeUrl: realtime?.url ?? e.WHARF_REALTIME_URL ?? null,
    realtimeManagementUrl: realtime?.managementEndpoint ?? e.WHARF_REALTIME_MANAGEMENT_URL ?? null,
    webhookSecretsKey: e.WHARF_WEBHOOK_SECRETS_KEY ? Buffer.from(e.WHARF_WEBHOOK_SECRETS_KEY, "base64") : null,
    realtimeTokenTtlSeconds: e.WHARF_REALTIME_TOKEN_TTL_SECONDS ?? DEFAULT_REALTIME_TOKEN_TTL_SECONDS,
    mediaBucket: media?.name ?? e.WHARF_MEDIA_BUCKET ?? null,
    s3Endpoint: e.AWS_ENDPOINT_URL_S3 ?? null,
  };
}
