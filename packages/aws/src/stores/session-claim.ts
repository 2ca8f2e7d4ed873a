import type { SessionLease, SessionRecord } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { claimFreeOrOwnItem, claimSessionLease, type LeaseTarget, type LeaseTiming } from "./session-lease";
import { createSessionStore } from "./session-store";
import { itemToSession } from "./session-items";

export type WantedClaimResult =
  | { status: "claimed"; lease: SessionLease; session: SessionRecord }
  /** another worker holds a live lease */
  | { status: "held"; lease: SessionLease }
  /** the session no longer wants a connection (nothing was written) */
  | { status: "not_wanted" }
  | { status: "missing" };

/**
 * Claims a session that wants a connection and returns it as claimed. A free lease (or our
 * own) is taken in one conditional update that also checks `desiredState` and returns the
 * session, so a placement costs one round trip instead of a read and then the update. Any
 * refused condition (held, a dead holder, not wanted, gone) falls back to the read and
 * claimSessionLease, with the same fencing. `readFirst`: skip the update when the lease is
 * expected to be held (a dead worker's sessions), where it would only fail.
 */
export async function claimWantedSession(
  ctx: DynamoContext,
  t: LeaseTarget & LeaseTiming & { readFirst?: boolean },
): Promise<WantedClaimResult> {
  if (!t.readFirst) {
    const item = await claimFreeOrOwnItem(ctx, t, { wanted: true });
    if (item) {
      const session = itemToSession(item);
      return { status: "claimed", lease: session.lease, session };
    }
  }
  const session = await createSessionStore(ctx).get(t.tenantId, t.sessionId);
  if (!session) return { status: "missing" };
  if (session.desiredState !== "connected") return { status: "not_wanted" };
  // the session as just read: a dead holder's lease is taken without a failed update first
  const claim = await claimSessionLease(ctx, { ...t, known: session.lease });
  if (claim.status !== "claimed") return claim;
  return { status: "claimed", lease: claim.lease, session: { ...session, lease: claim.lease } };
}
