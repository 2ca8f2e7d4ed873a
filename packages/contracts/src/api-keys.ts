import { z } from "zod";
import { ApiKeyId, SessionId, TenantId } from "./ids";

export const ApiKeyName = z.string().trim().min(1).max(100);

/**
 * What a key may do. Each tenant route needs exactly one scope (the OpenAPI document lists it
 * as the operation's security requirement). Never rename one: keys store them.
 */
export const API_KEY_SCOPES = [
  "sessions:read",
  "sessions:write",
  "messages:read",
  "messages:send",
  "events:read",
  "webhooks:manage",
  "keys:manage",
  "audit:read",
] as const;
export const ApiKeyScope = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

/**
 * Scopes a session-limited key may hold: those that act on sessions one by one. Webhooks,
 * keys and the audit log span every session of the tenant, so they need an unlimited key.
 */
export const SESSION_SCOPES = [
  "sessions:read",
  "sessions:write",
  "messages:read",
  "messages:send",
  "events:read",
] as const satisfies readonly ApiKeyScope[];

/** What each scope allows, for the OpenAPI document and the dashboard. */
export const SCOPE_DESCRIPTIONS: Record<ApiKeyScope, string> = {
  "sessions:read": "list and read sessions, realtime status frames",
  "sessions:write": "create, rename, delete, connect, disconnect and log out sessions, read their QR codes",
  "messages:read": "read chats, messages and contacts, mark chats read, realtime message frames",
  "messages:send": "send messages",
  "events:read": "read the event log",
  "webhooks:manage": "create, edit, test and delete webhooks, read their deliveries",
  "keys:manage": "create, list and revoke API keys (never beyond the key's own scopes)",
  "audit:read": "read the audit log",
};

/** A session-limited key names at most this many sessions. */
export const MAX_KEY_SESSIONS = 100;

export const CreateApiKeyBody = z
  .object({
    name: ApiKeyName,
    scopes: z
      .array(ApiKeyScope)
      .min(1)
      .max(API_KEY_SCOPES.length * 2)
      .optional()
      .describe("what the key may do; omitted: the creating key's own scopes (full access for a full-access key)"),
    sessionIds: z
      .array(SessionId)
      .min(1)
      .max(MAX_KEY_SESSIONS)
      .optional()
      .describe("limit the key to these sessions; omitted: the creating key's own limit (none for an unlimited key)"),
  })
  .strict();
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>;

/** An API key as listed: never the secret, only its visible prefix. */
export const ApiKey = z.object({
  id: ApiKeyId,
  tenantId: TenantId,
  name: z.string(),
  prefix: z.string().describe("first characters of the key, for identification"),
  scopes: z
    .array(ApiKeyScope)
    .nullable()
    .describe("null: full access (every scope, including ones added later), as keys made before scopes existed"),
  sessionIds: z.array(SessionId).nullable().describe("null: every session of the tenant"),
  createdAt: z.string().datetime(),
  lastUsedAt: z.string().datetime().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

/** Returned once, at creation: the only time the secret is shown. */
export const CreatedApiKey = ApiKey.extend({ secret: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;
