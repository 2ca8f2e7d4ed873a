import {
  LOCAL_CREDENTIALS,
  createDocumentClient,
  createDynamoStores,
  loadConfigFromSst,
  type DynamoStores,
  type RequiredSetting,
  type SstLinkedResources,
  type WharfConfig,
} from "@wharf/aws";
import { cacheApiKeyLookups, DEFAULT_API_KEY_CACHE_MS, systemClock } from "@wharf/core";
import pino, { type Logger } from "pino";
import { z } from "zod";
import { compileCacheStatus } from "./compile-cache-status";

/** How long an instance trusts an API-key lookup (README: the revocation delay); 0 turns it off. */
const ApiKeyCacheEnv = z.object({
  WHARF_API_KEY_CACHE_MS: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number().int().min(0).max(60_000).default(DEFAULT_API_KEY_CACHE_MS),
  ),
});

/** What every data-path Lambda needs from config. */
export const DATA_PATH_SETTINGS: RequiredSetting[] = ["placementQueueUrl", "webhooksQueueUrl", "tokenKey"];

/** The link names infra/ gives every control Lambda (see infra/functions.ts). */
const LINK_NAMES = [
  "App",
  "Table",
  "Placement",
  "Events",
  "Webhooks",
  "EventsDlq",
  "WebhooksDlq",
  "AdminKey",
  "AuthStateKey",
  "TokenKey",
] as const;

/**
 * Copies the linked resources that exist. SST's `Resource` throws on a missing name, but
 * answers `in` safely, so outside SST (tests, plain env) this yields an empty object and
 * plain env variables decide alone.
 */
export function sstLinks(resource: object | undefined): SstLinkedResources {
  const links: Record<string, unknown> = {};
  if (!resource) return links;
  for (const name of LINK_NAMES) if (name in resource) links[name] = (resource as Record<string, unknown>)[name];
  return links as SstLinkedResources;
}

export interface LambdaRuntime {
  config: WharfConfig;
  logger: Logger;
  repos: DynamoStores;
  /** the one DynamoDB document client the stores use */
  doc: ReturnType<typeof createDocumentClient>;
}

/**
 * Cold-start composition shared by the control Lambdas: config validated once (a bad config
 * fails the cold start loudly instead of every request), one logger, one DynamoDB client.
 */
export function bootstrapLambda(
  fn: string,
  env: Record<string, string | undefined>,
  resource: object | undefined,
  require: RequiredSetting[],
): LambdaRuntime {
  const config = loadConfigFromSst(sstLinks(resource), env, { require });
  const logger = pino({ level: config.logLevel, base: { fn, stage: config.stage } });
  const compileCache = compileCacheStatus(env);
  // a deploy that could not match the runtime's Node still works; the log says why it is slower
  if (compileCache === "unmatched")
    logger.warn(
      { compileCache },
      "the shipped compile cache does not fit this Node build: cold starts compile the bundle",
    );
  const endpoint = config.endpoints.dynamodb ?? undefined;
  // Emulators accept any credentials; on AWS the default provider chain is used.
  const credentials = endpoint && !env.AWS_ACCESS_KEY_ID ? LOCAL_CREDENTIALS : undefined;
  const doc = createDocumentClient({ region: config.region, endpoint, credentials });
  const stores = createDynamoStores({ doc, tableName: config.tableName });
  const cacheMs = ApiKeyCacheEnv.parse(env).WHARF_API_KEY_CACHE_MS;
  const repos = { ...stores, apiKeys: cacheApiKeyLookups(stores.apiKeys, { ttlMs: cacheMs, clock: systemClock }) };
  return { config, logger, repos, doc };
}
