import { ERROR_CODE_MEANINGS } from "./route-errors";

const ERROR_SCHEMA_REF = { $ref: "#/components/schemas/Error" } as const;

const RETRY_AFTER = {
  description: "seconds to wait before retrying",
  schema: { type: "integer", minimum: 1 },
} as const;

/** The IETF draft's fields (draft-ietf-httpapi-ratelimit-headers), sent on every tenant-key response. */
const RATE_LIMIT_HEADERS = {
  RateLimit: {
    description: 'what is left of the key\'s request rate: `"key";r=<remaining>;t=<seconds until full>`',
    schema: { type: "string" },
  },
  "RateLimit-Policy": {
    description: "the key's rate policy from the tenant's plan: `\"key\";q=<burst>;w=<seconds to refill it>`",
    schema: { type: "string" },
  },
} as const;

interface Operation {
  security?: Array<Record<string, unknown>>;
  responses?: Record<string, { description?: string; headers?: Record<string, unknown>; content?: unknown }>;
}

/**
 * Adds the limiter to the OpenAPI document: every authenticated operation may answer 429
 * (failed-auth throttling per address; on tenant-key routes also the key's rate and the
 * tenant's quotas), with Retry-After; tenant-key responses carry the RateLimit headers.
 */
export function withRateLimitResponses<D extends { paths?: unknown }>(document: D): D {
  const doc = structuredClone(document);
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) {
      if (typeof op !== "object" || !op?.security?.length) continue;
      const tenantRoute = op.security.some((s) => "tenantKey" in s);
      op.responses ??= {};
      const declared = op.responses["429"];
      const meanings = [`rate_limited: ${ERROR_CODE_MEANINGS.rate_limited}`];
      if (tenantRoute) meanings.push(`quota_exceeded: ${ERROR_CODE_MEANINGS.quota_exceeded}`);
      op.responses["429"] = {
        description: meanings.join("; "),
        headers: { "Retry-After": RETRY_AFTER, ...(tenantRoute ? RATE_LIMIT_HEADERS : {}), ...declared?.headers },
        content: declared?.content ?? { "application/json": { schema: ERROR_SCHEMA_REF } },
      };
      if (!tenantRoute) continue;
      for (const [status, response] of Object.entries(op.responses)) {
        if (status.startsWith("2")) response.headers = { ...RATE_LIMIT_HEADERS, ...response.headers };
      }
    }
  }
  return doc;
}
