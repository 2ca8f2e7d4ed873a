import { randomBytes } from "node:crypto";
import { DEFAULT_PACING } from "@wharf/contracts";
import { newId } from "../ids";
import type { ApiKeyRecord } from "../api-keys/ports";
import type { SessionRecord } from "../sessions/ports";
import type { TenantRecord } from "../tenants/ports";

/**
 * Record builders for store and verb tests. Each call makes fresh ids (and a fresh
 * random key hash) so suites sharing one table never collide.
 */
export function tenantRecord(overrides: Partial<TenantRecord> = {}, at: Date = new Date()): TenantRecord {
  return { id: newId("tenant", at.getTime()), name: "Acme", createdAt: at.toISOString(), ...overrides };
}

export function apiKeyRecord(
  tenantId: string,
  overrides: Partial<ApiKeyRecord> = {},
  at: Date = new Date(),
): ApiKeyRecord {
  return {
    id: newId("apiKey", at.getTime()),
    tenantId,
    name: "ci key",
    prefix: "wharf_sk_AbCdEf",
    hash: randomBytes(32).toString("hex"),
    scopes: null,
    sessionIds: null,
    createdAt: at.toISOString(),
    lastUsedAt: null,
    ...overrides,
  };
}

export function sessionRecord(
  tenantId: string,
  overrides: Partial<SessionRecord> = {},
  at: Date = new Date(),
): SessionRecord {
  return {
    id: newId("session", at.getTime()),
    tenantId,
    name: "support line",
    status: "created",
    desiredState: "disconnected",
    phone: null,
    accountName: null,
    pacing: { ...DEFAULT_PACING },
    lastDisconnect: null,
    health: { lastConnectedAt: null, lastMessageAt: null, reconnectCount: 0, reconnectsLast5m: 0 },
    lease: { owner: null, epoch: 0, leaseUntil: null },
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    ...overrides,
  };
}
