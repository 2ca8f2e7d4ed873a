import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { SessionLease } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { keys, LEASE_FREE } from "../dynamo/keys";

/**
 * Session ownership leases (DESIGN §4), stored on the session item. Claiming increments
 * `leaseEpoch`, the fencing token every auth-state write and event of the owner carries.
 */
export interface LeaseTarget {
  tenantId: string;
  sessionId: string;
  /** the worker id asking */
  owner: string;
}

export interface LeaseTiming {
  now: Date;
  /** how long the lease lasts from `now` (~30 s in the fleet) */
  ttlMs: number;
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
 * Claims the lease if it is free, expired, or already ours; every claim increments the epoch.
 * gsi2sk follows leaseUntil (keys.ts); a claim also enters a session written before gsi2
 * existed into its WANTS partition, since only sessions that want a connection are placed.
 */
export async function claimSessionLease(ctx: DynamoContext, t: LeaseTarget & LeaseTiming): Promise<ClaimResult> {
  try {
    const res = await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.session(t.tenantId, t.sessionId),
        UpdateExpression:
          "SET leaseOwner = :me, leaseUntil = :until, gsi2sk = :until, gsi2pk = if_not_exists(gsi2pk, :wantsPk) ADD leaseEpoch :one",
        // ISO-8601 UTC strings of equal length compare in time order
        ConditionExpression:
          "attribute_exists(pk) AND (attribute_not_exists(leaseOwner) OR leaseUntil < :now OR leaseOwner = :me)",
        ExpressionAttributeValues: {
          ":me": t.owner,
          ":until": new Date(t.now.getTime() + t.ttlMs).toISOString(),
          ":now": t.now.toISOString(),
          ":one": 1,
          ":wantsPk": keys.wantsIndexPk(t.sessionId),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return { status: "claimed", lease: leaseOf(res.Attributes ?? {}) };
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err;
    const lease = await currentLease(ctx, t);
    return lease ? { status: "held", lease } : { status: "missing" };
  }
}

/**
 * Extends our lease. Succeeds only while we still own it at the same epoch: once another
 * worker has claimed (epoch moved on) the owner must close the socket at once.
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
        UpdateExpression: "SET leaseUntil = :until, gsi2sk = :until",
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
