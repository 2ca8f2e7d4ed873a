import type { ApiKey, CreatedApiKey, Page, Session, Tenant } from "@wharf/contracts";
import {
  ValidationError,
  effectivePlan,
  type ApiKeyRecord,
  type PageResult,
  type SessionRecord,
  type TenantRecord,
} from "@wharf/core";

/**
 * Record → REST projections, in one place so nothing stored leaks by accident: API keys
 * never carry their hash, sessions expose only the lease owner (and only while the lease holds).
 */
export function toTenant(r: TenantRecord): Tenant {
  return { id: r.id, name: r.name, createdAt: r.createdAt, plan: effectivePlan(r) };
}

export function toApiKey(r: ApiKeyRecord): ApiKey {
  return {
    id: r.id,
    tenantId: r.tenantId,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes,
    sessionIds: r.sessionIds,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
  };
}

export function toCreatedApiKey(r: ApiKeyRecord, secret: string): CreatedApiKey {
  return { ...toApiKey(r), secret };
}

/**
 * A lease holds while its claim-time expiry is ahead, or while its owner heart-beats (a fleet
 * worker's leases carry no expiry: its heartbeat keeps them all). `ownerLive` answers the
 * latter; without it only the claim-time expiry counts.
 */
export function toSession(r: SessionRecord, now: Date, ownerLive: (owner: string) => boolean = () => false): Session {
  const { owner, leaseUntil } = r.lease;
  const leaseHeld =
    owner !== null && ((leaseUntil !== null && Date.parse(leaseUntil) > now.getTime()) || ownerLive(owner));
  return {
    id: r.id,
    tenantId: r.tenantId,
    name: r.name,
    status: r.status,
    desiredState: r.desiredState,
    phone: r.phone,
    accountName: r.accountName,
    pacing: r.pacing,
    lastDisconnect: r.lastDisconnect,
    health: r.health,
    owner: leaseHeld ? r.lease.owner : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * Awaits a store page and maps it. A store rejects a bad cursor or limit with a
 * ValidationError; here its field paths are pinned to the query string the client used.
 */
export async function toPage<R, T>(pending: Promise<PageResult<R>>, map: (r: R) => T): Promise<Page<T>> {
  let result: PageResult<R>;
  try {
    result = await pending;
  } catch (err) {
    if (err instanceof ValidationError) throw inQuery(err);
    throw err;
  }
  return { data: result.items.map(map), nextCursor: result.nextCursor };
}

function inQuery(err: ValidationError): ValidationError {
  const details =
    err.details && err.details.length > 0
      ? err.details
      : [{ path: "cursor", message: err.message, code: "invalid_cursor" }];
  return new ValidationError(
    err.message,
    details.map((d) => ({ ...d, path: d.path.startsWith("query.") ? d.path : `query.${d.path}` })),
  );
}
