import type { SessionPatch, SessionRecord } from "@wharf/core";
import { ENTITY, keys, LEASE_FREE } from "../dynamo/keys";

/**
 * Session item ⇄ record. The lease is stored flat (leaseOwner, leaseEpoch, leaseUntil) so the
 * lease conditions stay simple; owner and until are absent (not NULL) while the lease is free.
 */
export function sessionToItem(s: SessionRecord): Record<string, unknown> {
  return {
    ...keys.session(s.tenantId, s.id),
    gsi1pk: keys.sessionsIndexPk(s.tenantId),
    gsi1sk: s.id,
    gsi2pk: s.desiredState === "connected" ? keys.wantsIndexPk(s.id) : keys.idleIndexPk(s.id),
    gsi2sk: s.lease.owner ?? LEASE_FREE,
    entity: ENTITY.session,
    id: s.id,
    tenantId: s.tenantId,
    name: s.name,
    status: s.status,
    desiredState: s.desiredState,
    phone: s.phone,
    accountName: s.accountName,
    pacing: s.pacing,
    lastDisconnect: s.lastDisconnect,
    health: s.health,
    leaseEpoch: s.lease.epoch,
    ...(s.lease.owner ? { leaseOwner: s.lease.owner } : {}),
    ...(s.lease.leaseUntil ? { leaseUntil: s.lease.leaseUntil } : {}),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export function itemToSession(item: Record<string, unknown>): SessionRecord {
  return {
    id: item.id as string,
    tenantId: item.tenantId as string,
    name: item.name as string,
    status: item.status as SessionRecord["status"],
    desiredState: item.desiredState as SessionRecord["desiredState"],
    phone: (item.phone as string | null | undefined) ?? null,
    accountName: (item.accountName as string | null | undefined) ?? null,
    pacing: item.pacing as SessionRecord["pacing"],
    lastDisconnect: (item.lastDisconnect as SessionRecord["lastDisconnect"] | undefined) ?? null,
    health: item.health as SessionRecord["health"],
    lease: {
      owner: (item.leaseOwner as string | undefined) ?? null,
      epoch: (item.leaseEpoch as number | undefined) ?? 0,
      leaseUntil: (item.leaseUntil as string | undefined) ?? null,
    },
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}

/** The fields a SessionPatch may set; anything else in the object is ignored. */
const PATCHABLE = [
  "name",
  "status",
  "desiredState",
  "phone",
  "accountName",
  "pacing",
  "lastDisconnect",
  "health",
  "updatedAt",
] as const;

/** `SET #name = :name, …` for the fields present in the patch (plus the gsi2 keys, see wantsIndexUpdate). */
export function patchToUpdate(
  sessionId: string,
  patch: SessionPatch,
): {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
} {
  const sets: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const field of PATCHABLE) {
    const value = patch[field];
    if (value === undefined) continue;
    sets.push(`#${field} = :${field}`);
    names[`#${field}`] = field;
    values[`:${field}`] = value;
  }
  const wants = wantsIndexUpdate(sessionId, patch.desiredState);
  Object.assign(values, wants.values);
  return {
    expression: `SET ${[...sets, ...wants.sets].join(", ")}${wants.remove ? ` REMOVE ${wants.remove}` : ""}`,
    names,
    values,
  };
}

/**
 * Every write of desiredState keeps gsi2 in step: connected moves the session into a WANTS
 * partition (where the reconciler looks), disconnected into an IDLE one.
 */
export function wantsIndexUpdate(
  sessionId: string,
  desiredState: SessionRecord["desiredState"] | undefined,
): { sets: string[]; remove: string | null; values: Record<string, unknown> } {
  if (desiredState === undefined) return { sets: [], remove: null, values: {} };
  const indexPk = desiredState === "connected" ? keys.wantsIndexPk(sessionId) : keys.idleIndexPk(sessionId);
  return {
    sets: ["gsi2pk = :indexPk", "gsi2sk = if_not_exists(leaseOwner, :leaseFree)"],
    remove: null,
    values: { ":indexPk": indexPk, ":leaseFree": LEASE_FREE },
  };
}
