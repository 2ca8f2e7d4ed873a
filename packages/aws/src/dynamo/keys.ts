/**
 * Item key layout of the single table (see packages/aws/README.md for the full table).
 * Every tenant-owned key starts with `TENANT#<tenantId>`, so a key built for one tenant can
 * never address another tenant's item, whatever the other id parts contain.
 */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** Entity discriminator stored on every item (`entity` attribute), handy when scanning by hand. */
export const ENTITY = {
  tenant: "tenant",
  apiKey: "api_key",
  apiKeyHash: "api_key_hash",
  session: "session",
} as const;

const TENANT = "TENANT#";

export const tenantPk = (tenantId: string): string => `${TENANT}${tenantId}`;

export const keys = {
  /** the tenant item; its partition also holds the tenant's API keys (and later webhooks) */
  tenant: (tenantId: string): ItemKey => ({ pk: tenantPk(tenantId), sk: "TENANT" }),
  /** all tenants, listed through gsi1 in id (= creation) order */
  tenantsIndexPk: "TENANTS",

  apiKey: (tenantId: string, keyId: string): ItemKey => ({ pk: tenantPk(tenantId), sk: `KEY#${keyId}` }),
  apiKeySkPrefix: "KEY#",
  /** uniqueness + lookup item for a key's SHA-256 (written in the same transaction as the key) */
  apiKeyHash: (hash: string): ItemKey => ({ pk: `KEYHASH#${hash}`, sk: "KEYHASH" }),

  /** a session's own partition: the session item plus its auth state (and later chats etc.) */
  sessionPk: (tenantId: string, sessionId: string): string => `${tenantPk(tenantId)}#SESSION#${sessionId}`,
  session: (tenantId: string, sessionId: string): ItemKey => ({ pk: keys.sessionPk(tenantId, sessionId), sk: "SESSION" }),
  /** gsi1 partition listing a tenant's sessions by id (ULID = creation time) */
  sessionsIndexPk: (tenantId: string): string => `${tenantPk(tenantId)}#SESSIONS`,
} as const;
