import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import {
  type AcceptVerdict,
  type AuditRider,
  type ChatBump,
  guessFromHint,
  hintAfterTake,
  judgeSharedBucket,
  type MessageCountRider,
  type MessageRecord,
  type PacingLedger,
  type PacingLimits,
  planSharedTake,
  type SharedBucketHint,
} from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { transactionCancellationCodes } from "../dynamo/errors";
import { transactWrite } from "../dynamo/transact-coalescer";
import { quotaReserve } from "../limits/limit-store";
import { DAY_SECONDS, epochSeconds, keys } from "../dynamo/keys";
import { auditPut } from "./audit-log-store";
import { chatBumpUpdate } from "./chat-bump";
import { messageToItem } from "./message-items";
import { LOST_EVERY_RACE, MAX_TAKE_ATTEMPTS, createPacingLedger, storedBucket, takeUpdate } from "./pacing-ledger";

/** concurrent transactions on the chat or the bucket: retried with jitter, then the error surfaces */
const MAX_CONFLICTS = 6;
const MAX_HINTS = 50_000;

/** The pacing ledger whose takeAndRecord is acceptOutbound (the API's composition). */
export function createOutboundPacingLedger(ctx: DynamoContext): PacingLedger {
  // per instance: what its own last take saw of each session's bucket (the first guess)
  const hints = new Map<string, SharedBucketHint>();
  return {
    ...createPacingLedger(ctx),
    takeAndRecord: (msg, chat, settings, now, count, audit) =>
      acceptOutbound(ctx, msg, chat, settings, now, hints, count, audit),
  };
}

/**
 * An accepted send in ONE TransactWriteItems instead of two calls: the session's pacing take
 * (pacing-ledger.ts's conditional update), the message stored `queued` (guarded by its id)
 * and its chat bump (chat-bump.ts). All or nothing, so a refused take stores nothing and a
 * stored message always took its token. Which guard failed is read from the cancellation
 * reasons (the bucket's old item rides along), and only that part is re-planned. With `count`
 * the tenant's message count for the day (limit-store.ts's quotaReserve) is a fourth part, with
 * `audit` the request's audit entry one more: DynamoDB Local charges about the same for the
 * bigger transaction, while each separate write cost it 1-3 ms and the client ~1 ms.
 */
export async function acceptOutbound(
  ctx: DynamoContext,
  msg: MessageRecord,
  bump: ChatBump,
  settings: PacingLimits,
  now: Date,
  hints?: Map<string, SharedBucketHint>,
  count?: MessageCountRider,
  audit?: AuditRider,
): Promise<AcceptVerdict> {
  const { tableName } = ctx;
  const ids = { tenantId: msg.tenantId, sessionId: msg.sessionId };
  const pacingKey = keys.pacing(msg.tenantId, msg.sessionId);
  // a wrong first guess costs a whole failed transaction: guess from this instance's last take
  let guess = guessFromHint(hints?.get(pacingKey.pk), now.getTime());
  let variant: "newest" | "older" = "newest";
  let takes = 0;
  // the same on every attempt: the day's count (the limit store's reserve) and the audit entry
  const riders: NonNullable<TransactWriteCommandInput["TransactItems"]> = [];
  if (count) {
    const reserve = quotaReserve(count.tenantId, count.counter, count.limit, count.expiresAt);
    riders.push({ Update: { TableName: tableName, ...reserve } });
  }
  if (audit) riders.push({ Put: auditPut(tableName, audit.tenantId, audit.record) });
  for (let conflicts = 0; ; ) {
    const plan = planSharedTake(settings, now, guess);
    try {
      await transactWrite(ctx, {
        TransactItems: [
          { Update: takeUpdate(tableName, pacingKey, plan, epochSeconds(now) + 2 * DAY_SECONDS, now.getTime()) },
          {
            Put: { TableName: tableName, Item: messageToItem(msg), ConditionExpression: "attribute_not_exists(pk)" },
          },
          chatBumpUpdate(tableName, ids, bump, variant),
          ...riders,
        ],
      });
      if (hints) {
        if (hints.size >= MAX_HINTS) hints.clear();
        hints.set(pacingKey.pk, hintAfterTake(plan));
      }
      return { allowed: true, ...(count ? { counted: true } : {}), ...(audit ? { audited: true } : {}) };
    } catch (err) {
      const codes = transactionCancellationCodes(err);
      if (!codes) throw err;
      const [pacingCode, messageCode, chatCode] = codes;
      const countCode = count ? codes[3] : undefined;
      // the id is stored already: a retried request after an unknown outcome; nothing to take
      if (messageCode === "ConditionalCheckFailed") return { allowed: true };
      if (countCode === "ConditionalCheckFailed") return { allowed: false, reason: "quota" };
      let again = false;
      if (pacingCode === "ConditionalCheckFailed") {
        const reasons = (err as { CancellationReasons?: Array<{ Item?: unknown }> }).CancellationReasons;
        const verdict = judgeSharedBucket(storedBucket(reasons?.[0]?.Item), plan);
        if ("allowed" in verdict) return verdict;
        if (++takes >= MAX_TAKE_ATTEMPTS) return LOST_EVERY_RACE;
        guess = verdict.retry;
        again = true;
      }
      // a newer message is already the chat's latest: bump counts only
      if (chatCode === "ConditionalCheckFailed" && variant === "newest") {
        variant = "older";
        again = true;
      }
      if (codes.includes("TransactionConflict") && ++conflicts < MAX_CONFLICTS) {
        await new Promise((r) => setTimeout(r, Math.random() * 20 * conflicts));
        again = true;
      }
      if (!again) throw err;
    }
  }
}
