import type { SessionPatch, SessionRecord } from "@wharf/core";
import { ENTITY, keys } from "./keys";

/**
 * Session item ⇄ record. The lease is stored flat (leaseOwner, leaseEpoch, leaseUntil) so the
 * lease conditions stay simple; owner and until are absent (not NULL) while the lease is free.
 */
export function sessionToItem(s: SessionRecord): Record<string, unknown> {
  return {
    ...keys.session(s.tenantId, s.id),
    gsi1pk: keys.sessionsIndexPk(s.tenantId),
    gsi1sk: s.id,
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

/** `SET #name = :name, …` for the fields present in the patch. */
export function patchToUpdate(patch: SessionPatch): {
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
  return { expression: `SET ${sets.join(", ")}`, names, values };
}
