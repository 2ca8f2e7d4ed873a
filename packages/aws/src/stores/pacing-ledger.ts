import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  BUSY_SAME_DAY,
  judgeSharedBucket,
  planSharedTake,
  type PacingLedger,
  type PacingVerdict,
  type SharedBucket,
  type SharedBucketTake,
} from "@wharf/core";
import { batchGetItems } from "../dynamo/batch-get";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { DAY_SECONDS, ENTITY, epochSeconds, type ItemKey, keys } from "../dynamo/keys";

/**
 * The bucket's shape can only move forward within one take (idle → busy, new day → same day),
 * so three attempts always settle it; more means something odd (clock skew across instances).
 */
export const MAX_TAKE_ATTEMPTS = 4;

/**
 * The API's copy of a session's token bucket (core shared-bucket.ts), so a send that pacing
 * would refuse is a 429 up front instead of a later `failed` status. Each take is ONE
 * conditional UpdateItem without a read: concurrent takes on a busy bucket all add to `tat`
 * atomically and never conflict. A failed condition returns the item as it was, which says
 * whether to refuse (429 with the wait) or to retry with the bucket's actual shape.
 */
export function createPacingLedger(ctx: DynamoContext): PacingLedger {
  const { doc, tableName } = ctx;
  return {
    async take(t, s, settings, now): Promise<PacingVerdict> {
      let guess = BUSY_SAME_DAY;
      for (let attempt = 1; attempt <= MAX_TAKE_ATTEMPTS; attempt++) {
        const plan = planSharedTake(settings, now, guess);
        try {
          await doc.send(
            new UpdateCommand(
              takeUpdate(tableName, keys.pacing(t, s), plan, epochSeconds(now) + 2 * DAY_SECONDS, now.getTime()),
            ),
          );
          return { allowed: true };
        } catch (err) {
          if (!isConditionalCheckFailed(err)) throw err;
          const verdict = judgeSharedBucket(storedBucket((err as { Item?: unknown }).Item), plan);
          if ("allowed" in verdict) return verdict;
          guess = verdict.retry;
        }
      }
      return LOST_EVERY_RACE;
    },
  };
}

/** A clean, retryable refusal instead of an error (never a 500) after losing every race. */
export const LOST_EVERY_RACE: PacingVerdict = { allowed: false, reason: "rate", retryAfterSeconds: 1 };

/** The take as UpdateItem input: alone here, or as one item of outbound-accept.ts's transaction. */
export function takeUpdate(
  tableName: string,
  key: ItemKey,
  plan: SharedBucketTake,
  expiresAt: number,
  takenAtMs: number,
) {
  const conditions: string[] = [];
  // lastTakeAt: when a send was last accepted, so the held-send sweeper skips idle sessions
  const sets = ["entity = :entity", "expiresAt = :expiresAt", "lastTakeAt = :takenAt"];
  const values: Record<string, unknown> = {
    ":entity": ENTITY.pacing,
    ":expiresAt": expiresAt,
    ":day": plan.day,
    ":takenAt": takenAtMs,
  };
  if (plan.guess.idle) {
    conditions.push("(attribute_not_exists(#tat) OR #tat <= :now)");
    sets.push("#tat = :idleTat");
    Object.assign(values, { ":now": plan.now, ":idleTat": plan.idleTat });
  } else {
    conditions.push("#tat > :now AND #tat <= :maxTat");
    sets.push("#tat = #tat + :interval");
    Object.assign(values, { ":now": plan.now, ":maxTat": plan.maxTat, ":interval": plan.interval });
  }
  if (plan.guess.newDay) {
    conditions.push("(attribute_not_exists(#day) OR #day <> :day)");
    sets.push("#day = :day", "#sent = :one");
  } else {
    conditions.push("#day = :day AND #sent < :cap");
    sets.push("#sent = #sent + :one");
    values[":cap"] = plan.dailyCap;
  }
  values[":one"] = 1;
  return {
    TableName: tableName,
    Key: key,
    UpdateExpression: `SET ${sets.join(", ")}`,
    ConditionExpression: conditions.join(" AND "),
    ExpressionAttributeNames: { "#tat": "tat", "#day": "day", "#sent": "sent" },
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
  };
}

/** The old item a failed condition returns, in wire format (the document client leaves it so). */
export function storedBucket(item: unknown): Partial<SharedBucket> | undefined {
  if (!item || typeof item !== "object") return undefined;
  const raw = item as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === "number" ? v : Number((v as { N?: string } | undefined)?.N ?? Number.NaN));
  const str = (v: unknown) => (typeof v === "string" ? v : (v as { S?: string } | undefined)?.S);
  const tat = num(raw.tat);
  const sent = num(raw.sent);
  return {
    ...(Number.isFinite(tat) ? { tat } : {}),
    ...(str(raw.day) !== undefined ? { day: str(raw.day) } : {}),
    ...(Number.isFinite(sent) ? { sent } : {}),
  };
}

/**
 * When the API last accepted a send in each session (the pacing item's `lastTakeAt`, epoch ms;
 * BatchGetItem, 100 sessions a call), keyed by session id. Absent: no pacing item, so no send
 * for at least a day (it expires two days after the last take). null: not known (an item
 * written before the field, or a key DynamoDB left unprocessed); the caller must look itself.
 */
export async function readLastSendTakes(
  ctx: DynamoContext,
  targets: { tenantId: string; sessionId: string }[],
): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  const sessionOf = new Map(targets.map((t) => [keys.pacing(t.tenantId, t.sessionId).pk, t.sessionId]));
  const pacingKeys = targets.map((t) => keys.pacing(t.tenantId, t.sessionId));
  const { items, unprocessed } = await batchGetItems(ctx, pacingKeys, "pk, lastTakeAt");
  for (const item of items) {
    const sessionId = sessionOf.get(String(item.pk));
    if (sessionId) out.set(sessionId, typeof item.lastTakeAt === "number" ? item.lastTakeAt : null);
  }
  for (const key of unprocessed) {
    const sessionId = sessionOf.get(key.pk);
    if (sessionId) out.set(sessionId, null);
  }
  return out;
}
