import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type LimitStore, type RatePolicy, admit, bucketState, tokenMs } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { tenantPk } from "../dynamo/keys";
import { storedBucket } from "../stores/pacing-ledger";

/** Items of the limiter (see the table in packages/aws/README.md). */
export const limitKeys = {
  /** one item per rate bucket (per API key): `tat`, the bucket's theoretical arrival time */
  bucket: (bucketId: string) => ({ pk: `RATE#${bucketId}`, sk: "RATE" }),
  /** a tenant's quota counter (`used`), in the tenant's partition */
  quota: (tenantId: string, counter: string) => ({ pk: tenantPk(tenantId), sk: `QUOTA#${counter}` }),
  /** failed authentications of one source address in one window (`n`) */
  authFailures: (address: string, windowStart: number) => ({
    pk: `AUTHFAIL#${address}#${windowStart}`,
    sk: "AUTHFAIL",
  }),
};

/**
 * One more unit on a tenant's quota counter, refused at `limit`: the limit store's reserve, and
 * a part of a send's accept transaction (stores/outbound-accept.ts) when the day's count rides there.
 */
export function quotaReserve(tenantId: string, counter: string, limit: number, expiresAt?: number) {
  return {
    Key: limitKeys.quota(tenantId, counter),
    UpdateExpression: `ADD used :one${expiresAt ? " SET expiresAt = :exp" : ""}`,
    ConditionExpression: "attribute_not_exists(used) OR used < :limit",
    ExpressionAttributeValues: { ":one": 1, ":limit": limit, ...(expiresAt ? { ":exp": expiresAt } : {}) },
  };
}

/** A bucket whose arrival time keeps moving under contention; after this many tries the request is refused. */
const MAX_TAKE_ATTEMPTS = 6;
const MAX_REMEMBERED = 50_000;

/**
 * The limiter on DynamoDB. Every operation is one conditional write, so concurrent callers on
 * any number of instances share one bucket and one count and never overshoot a limit.
 */
export function createLimitStore(ctx: DynamoContext): LimitStore {
  const { doc, tableName } = ctx;

  /** a conditional update that answers null instead of throwing when its condition fails */
  async function tryUpdate(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], "TableName">) {
    try {
      const res = await doc.send(new UpdateCommand({ TableName: tableName, ...input }));
      return res.Attributes ?? {};
    } catch (err) {
      if (isConditionalCheckFailed(err)) return null;
      throw err;
    }
  }

  // per instance: the bucket's arrival time after this instance's own last take, the first guess
  const lastTat = new Map<string, number>();
  const remember = (bucketId: string, tat: number) => {
    if (lastTat.size >= MAX_REMEMBERED) lastTat.clear();
    lastTat.set(bucketId, tat);
  };

  /**
   * One conditional write per take in the common case: the shape (idle or busy) is guessed from
   * this instance's last take, and a failed guess brings the stored tat along
   * (ReturnValuesOnConditionCheckFailure), which says whether to refuse or to try the other shape.
   */
  async function take(bucketId: string, policy: RatePolicy, now: number) {
    const interval = tokenMs(policy);
    const Key = limitKeys.bucket(bucketId);
    const ttl = (tat: number) => Math.ceil(tat / 1000) + 60;
    const maxTat = now + policy.burst * interval - interval + 1e-6;
    let idle = !((lastTat.get(bucketId) ?? Number.NEGATIVE_INFINITY) > now);
    for (let attempt = 0; attempt < MAX_TAKE_ATTEMPTS; attempt++) {
      let stored: number | null;
      try {
        if (idle) {
          // an idle bucket (arrival time passed): book one token from now
          const fresh = now + interval;
          await doc.send(
            new UpdateCommand({
              TableName: tableName,
              Key,
              UpdateExpression: "SET tat = :next, expiresAt = :exp",
              ConditionExpression: "attribute_not_exists(tat) OR tat <= :now",
              ExpressionAttributeValues: { ":next": fresh, ":now": now, ":exp": ttl(fresh) },
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            }),
          );
          remember(bucketId, fresh);
          return { allowed: true, tat: fresh, ...bucketState(fresh, now, policy), retryAfterSeconds: 0 };
        }
        // a busy bucket with room: book one more token after the last one
        const res = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key,
            UpdateExpression: "SET tat = tat + :interval, expiresAt = :exp",
            ConditionExpression: "tat > :now AND tat <= :max",
            ExpressionAttributeValues: {
              ":interval": interval,
              ":now": now,
              ":max": maxTat,
              ":exp": ttl(maxTat + interval),
            },
            ReturnValues: "UPDATED_NEW",
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          }),
        );
        const tat = Number(res.Attributes?.tat);
        remember(bucketId, tat);
        return { allowed: true, tat, ...bucketState(tat, now, policy), retryAfterSeconds: 0 };
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
        // the old item a failed condition returns, decoded as the pacing ledger does
        stored = storedBucket((err as { Item?: unknown }).Item)?.tat ?? null;
      }
      // full: refused; otherwise the other shape holds (or the bucket moved: try again)
      if (stored !== null && stored > maxTat) return admit(stored, now, policy);
      idle = stored === null || stored <= now;
    }
    return { allowed: false, tat: now, remaining: 0, resetSeconds: 1, retryAfterSeconds: 1 };
  }

  return {
    take,

    async reserve(tenantId, counter, limit, expiresAt) {
      const attrs = await tryUpdate({
        ...quotaReserve(tenantId, counter, limit, expiresAt),
        ReturnValues: "UPDATED_NEW",
      });
      return attrs ? { ok: true, used: Number(attrs.used) } : { ok: false, used: limit };
    },

    async release(tenantId, counter) {
      await tryUpdate({
        Key: limitKeys.quota(tenantId, counter),
        UpdateExpression: "ADD used :minus",
        ConditionExpression: "used > :zero",
        ExpressionAttributeValues: { ":minus": -1, ":zero": 0 },
      });
    },

    async recordAuthFailure(address, windowStart, expiresAt) {
      const attrs = await tryUpdate({
        Key: limitKeys.authFailures(address, windowStart),
        UpdateExpression: "ADD n :one SET expiresAt = :exp",
        ExpressionAttributeValues: { ":one": 1, ":exp": expiresAt },
        ReturnValues: "UPDATED_NEW",
      });
      return Number(attrs?.n ?? 0);
    },

    async authFailures(address, windowStart) {
      const res = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: limitKeys.authFailures(address, windowStart),
          ConsistentRead: true,
        }),
      );
      return Number(res.Item?.n ?? 0);
    },
  };
}
