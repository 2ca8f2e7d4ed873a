import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { SessionLease } from "@wharf/core";
import { batchGetItems } from "../dynamo/batch-get";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed, transactionCancellationCodes } from "../dynamo/errors";
import { transactWrite } from "../dynamo/transact-coalescer";
import { WORKER_DEAD_CONDITION, workerDeadValues } from "../fleet/worker-liveness";
import { keys, LEASE_FREE } from "../dynamo/keys";

/**
 * Session ownership leases (DESIGN §4), stored on the session item (owner + epoch). Claiming
 * increments `leaseEpoch`, the fencing token every auth-state write and event of the owner
 * carries. Liveness is the owner's heartbeat item, not a per-session renewal.
 */
export interface LeaseTarget {
  tenantId: string;
  sessionId: string;
  /** the worker id asking */
  owner: string;
}

export interface LeaseTiming {
  now: Date;
  /** how long the claim-time lease lasts from `now` (~30 s) */
  ttlMs: number;
  /**
   * The claimer heart-beats in the worker registry (a fleet worker): its lease carries no
   * expiry of its own and lives exactly as long as that heartbeat.
   */
  byHeartbeat?: boolean;
}

export type ClaimResult =
  | { status: "claimed"; lease: SessionLease }
  /** another worker holds an unexpired lease */
  | { status: "held"; lease: SessionLease }
  | { status: "missing" };

export type RenewResult = { status: "renewed"; lease: SessionLease } | { status: "lost"; lease: SessionLease | null };

function leaseOf(item: Record<string, unknown>): SessionLease {
  return {
    owner: (item.leaseOwner as string | undefined) ?? null,
    epoch: (item.leaseEpoch as number | undefined) ?? 0,
    leaseUntil: (item.leaseUntil as string | undefined) ?? null,
  };
}

async function currentLease(ctx: DynamoContext, t: LeaseTarget): Promise<SessionLease | null> {
  const res = await ctx.doc.send(
    new GetCommand({ TableName: ctx.tableName, Key: keys.session(t.tenantId, t.sessionId), ConsistentRead: true }),
  );
  return res.Item ? leaseOf(res.Item) : null;
}

/**
 * Claims the lease if it is free, already ours, or its holder is dead; every claim
 * increments the epoch. A lease is live while its claim-time `leaseUntil` has not passed or
 * its owner's heartbeat (the worker registry item, see fleet/worker-liveness.ts) is live:
 * workers renew one heartbeat item, never their sessions. Taking a dead holder's lease is one
 * transaction: a ConditionCheck that the holder is still dead plus the update conditioned on
 * the holder and epoch read, so a holder that heart-beats again in between keeps it.
 * gsi2sk is the owner (keys.ts); a claim also enters a session written before gsi2 existed
 * into its WANTS partition, since only sessions that want a connection are placed.
 */
export async function claimSessionLease(
  ctx: DynamoContext,
  t: LeaseTarget & LeaseTiming & { known?: SessionLease },
): Promise<ClaimResult> {
  let lease: SessionLease | null | undefined = t.known;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (lease === undefined || lease === null || lease.owner === null || lease.owner === t.owner) {
      const res = await claimFreeOrOwn(ctx, t);
      if (res) return res;
      lease = await currentLease(ctx, t);
      if (!lease) return { status: "missing" };
      if (lease.owner === null || lease.owner === t.owner) continue;
    }
    const holder = lease.owner;
    if (lease.leaseUntil !== null && Date.parse(lease.leaseUntil) >= t.now.getTime()) return { status: "held", lease };
    // no read of the holder's heartbeat first: the transaction checks it (one call per claim)
    const taken = await takeFromDeadHolder(ctx, t, { ...lease, owner: holder });
    if (taken === "holder_alive") return { status: "held", lease };
    if (taken) return taken;
    lease = await currentLease(ctx, t);
    if (!lease) return { status: "missing" };
  }
  return lease ? { status: "held", lease } : { status: "missing" };
}

/** The update every claim makes (owner, epoch + 1, gsi2 keys). */
function claimUpdate(t: LeaseTarget & LeaseTiming) {
  const until = t.byHeartbeat ? null : new Date(t.now.getTime() + t.ttlMs).toISOString();
  return {
    Key: keys.session(t.tenantId, t.sessionId),
    until,
    UpdateExpression: `SET leaseOwner = :me, gsi2sk = :me, gsi2pk = if_not_exists(gsi2pk, :wantsPk)${
      until ? ", leaseUntil = :until" : " REMOVE leaseUntil"
    } ADD leaseEpoch :one`,
    values: {
      ":me": t.owner,
      ...(until ? { ":until": until } : {}),
      ":one": 1,
      ":wantsPk": keys.wantsIndexPk(t.sessionId),
    },
  };
}

/**
 * The lease is free or ours: one conditional update, answering the whole item as claimed, or
 * null when a condition refused it (held by another, gone). `wanted` adds the condition that
 * the session wants a connection (session-claim.ts claims and reads a placement in one call).
 */
export async function claimFreeOrOwnItem(
  ctx: DynamoContext,
  t: LeaseTarget & LeaseTiming,
  { wanted = false }: { wanted?: boolean } = {},
): Promise<Record<string, unknown> | null> {
  const u = claimUpdate(t);
  try {
    const res = await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: u.Key,
        UpdateExpression: u.UpdateExpression,
        ConditionExpression: `attribute_exists(pk)${wanted ? " AND desiredState = :connected" : ""} AND (attribute_not_exists(leaseOwner) OR leaseOwner = :me)`,
        ExpressionAttributeValues: wanted ? { ...u.values, ":connected": "connected" } : u.values,
        ReturnValues: "ALL_NEW",
      }),
    );
    return res.Attributes ?? {};
  } catch (err) {
    if (isConditionalCheckFailed(err)) return null;
    throw err;
  }
}

async function claimFreeOrOwn(ctx: DynamoContext, t: LeaseTarget & LeaseTiming): Promise<ClaimResult | null> {
  const item = await claimFreeOrOwnItem(ctx, t);
  return item ? { status: "claimed", lease: leaseOf(item) } : null;
}

/**
 * "holder_alive" when the lease is as read and its holder heart-beats (the claim is refused);
 * null when the lease moved meanwhile (read it again).
 */
async function takeFromDeadHolder(
  ctx: DynamoContext,
  t: LeaseTarget & LeaseTiming,
  held: SessionLease & { owner: string },
): Promise<ClaimResult | "holder_alive" | null> {
  const u = claimUpdate(t);
  try {
    await transactWrite(ctx, {
      TransactItems: [
        {
          ConditionCheck: {
            TableName: ctx.tableName,
            Key: keys.worker(held.owner),
            ConditionExpression: WORKER_DEAD_CONDITION,
            ExpressionAttributeValues: workerDeadValues(t.now),
          },
        },
        {
          Update: {
            TableName: ctx.tableName,
            Key: u.Key,
            UpdateExpression: u.UpdateExpression,
            ConditionExpression:
              "leaseOwner = :holder AND leaseEpoch = :epoch AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
            ExpressionAttributeValues: {
              ...u.values,
              ":holder": held.owner,
              ":epoch": held.epoch,
              ":now": t.now.toISOString(),
            },
          },
        },
      ],
    });
  } catch (err) {
    const codes = transactionCancellationCodes(err);
    if (!codes?.includes("ConditionalCheckFailed")) throw err;
    // [0] is the holder's liveness, [1] the lease as read: only a lease still as read is "held" here
    const leaseAsRead = codes[1] === undefined || codes[1] === "None";
    return codes[0] === "ConditionalCheckFailed" && leaseAsRead ? "holder_alive" : null;
  }
  return {
    status: "claimed",
    lease: { owner: t.owner, epoch: held.epoch + 1, leaseUntil: u.until },
  };
}

/**
 * Extends the claim-time lease. Fleet workers do not call it (their heartbeat keeps all their
 * leases live); it serves holders without a registry item. Succeeds only while we still own
 * it at the same epoch: once another worker has claimed, the owner must close the socket.
 */
export async function renewSessionLease(
  ctx: DynamoContext,
  t: LeaseTarget & LeaseTiming & { epoch: number },
): Promise<RenewResult> {
  try {
    const res = await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.session(t.tenantId, t.sessionId),
        UpdateExpression: "SET leaseUntil = :until",
        ConditionExpression: "leaseOwner = :me AND leaseEpoch = :epoch",
        ExpressionAttributeValues: {
          ":me": t.owner,
          ":epoch": t.epoch,
          ":until": new Date(t.now.getTime() + t.ttlMs).toISOString(),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return { status: "renewed", lease: leaseOf(res.Attributes ?? {}) };
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err;
    return { status: "lost", lease: await currentLease(ctx, t) };
  }
}

/** Gives the lease up (graceful drain). The epoch stays, so the next claim still moves it on. */
export async function releaseSessionLease(ctx: DynamoContext, t: LeaseTarget & { epoch: number }): Promise<boolean> {
  try {
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.session(t.tenantId, t.sessionId),
        UpdateExpression: "REMOVE leaseOwner, leaseUntil SET gsi2sk = :free",
        ConditionExpression: "leaseOwner = :me AND leaseEpoch = :epoch",
        ExpressionAttributeValues: { ":me": t.owner, ":epoch": t.epoch, ":free": LEASE_FREE },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

/**
 * The current leases of many sessions (BatchGetItem, 100 keys a call, owner and epoch only):
 * how a worker checks, with reads and no writes, that no claimer took a session from it.
 * Sessions that no longer exist are absent from the map (keyed by session id).
 */
export async function readSessionLeases(
  ctx: DynamoContext,
  targets: { tenantId: string; sessionId: string }[],
): Promise<Map<string, SessionLease>> {
  const { items } = await batchGetItems(
    ctx,
    targets.map((t) => keys.session(t.tenantId, t.sessionId)),
    "id, leaseOwner, leaseEpoch, leaseUntil",
  );
  return new Map(items.map((item) => [String(item.id), leaseOf(item)]));
}
