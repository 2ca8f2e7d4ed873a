import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { FleetEvent } from "@wharf/contracts";
import type { EventOutbox, OutboxSweepStore } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { transactionCancellationCodes } from "../dynamo/errors";
import { transactWrite } from "../dynamo/transact-coalescer";
import { DAY_SECONDS, ENTITY, epochSeconds, keys } from "../dynamo/keys";
import { encodeQueueBody } from "../sqs/queue-body";

/** as long as SQS could have kept the event: an outbox older than that is past saving */
const OUTBOX_TTL_SECONDS = 14 * DAY_SECONDS;

/**
 * The event outbox in the session's partition (`OUTBOX#<seq>`), so it dies with the session.
 * The event is stored as the same escaped JSON the queue carries: any string survives. Every
 * entry is also in gsi1 `OUTBOXES`, so the janitor finds outboxes nobody owns without a Scan.
 */
export function createEventOutbox(ctx: DynamoContext): EventOutbox {
  return {
    async append(t, s, entry) {
      await ctx.doc.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: {
            ...keys.outboxEntry(t, s, entry.seq),
            entity: ENTITY.outboxEntry,
            gsi1pk: keys.outboxIndexPk,
            gsi1sk: `${t}#${s}#${entry.seq}`,
            tenantId: t,
            sessionId: s,
            seq: entry.seq,
            eventId: entry.event.id,
            body: encodeQueueBody(entry.event),
            expiresAt: epochSeconds(Date.now()) + OUTBOX_TTL_SECONDS,
          },
        }),
      );
    },

    async oldest(t, s, limit) {
      const res = await ctx.doc.send(
        new QueryCommand({
          TableName: ctx.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": keys.sessionPk(t, s), ":prefix": keys.outboxSkPrefix },
          ScanIndexForward: true,
          ConsistentRead: true,
          Limit: limit,
        }),
      );
      return (res.Items ?? []).map((item) => ({
        seq: item.seq as string,
        event: FleetEvent.parse(JSON.parse(item.body as string)),
      }));
    },

    async remove(t, s, seq) {
      await ctx.doc.send(new DeleteCommand({ TableName: ctx.tableName, Key: keys.outboxEntry(t, s, seq) }));
    },
  };
}

/** A lease that is missing or ran out, at the epoch it had: the fence of the outbox sweep. */
const LAPSED = "(attribute_not_exists(leaseOwner) OR leaseUntil < :now)";

/** The janitor's view of outboxes (core sweepUnownedOutboxes): gsi1 `OUTBOXES` and lease-fenced removals. */
export function createOutboxSweepStore(ctx: DynamoContext): OutboxSweepStore {
  return {
    async sessionsWithEntries(limit) {
      const found = new Map<string, { tenantId: string; sessionId: string }>();
      let start: Record<string, unknown> | undefined;
      do {
        const res = await ctx.doc.send(
          new QueryCommand({
            TableName: ctx.tableName,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk",
            ExpressionAttributeValues: { ":pk": keys.outboxIndexPk },
            ProjectionExpression: "tenantId, sessionId",
            ExclusiveStartKey: start,
          }),
        );
        for (const item of res.Items ?? []) {
          const session = { tenantId: String(item.tenantId), sessionId: String(item.sessionId) };
          found.set(`${session.tenantId}|${session.sessionId}`, session);
        }
        start = res.LastEvaluatedKey;
      } while (start && found.size < limit);
      return [...found.values()].slice(0, limit);
    },

    async unownedEpoch(session, now) {
      const res = await ctx.doc.send(
        new GetCommand({
          TableName: ctx.tableName,
          Key: keys.session(session.tenantId, session.sessionId),
          ProjectionExpression: "leaseOwner, leaseUntil, leaseEpoch",
          ConsistentRead: true,
        }),
      );
      const item = res.Item;
      if (item?.leaseOwner && String(item.leaseUntil ?? "") >= now.toISOString()) return null;
      return Number(item?.leaseEpoch ?? 0);
    },

    async removeIfUnowned(session, seq, epoch, now) {
      try {
        await transactWrite(ctx, {
          TransactItems: [
            {
              ConditionCheck: {
                TableName: ctx.tableName,
                Key: keys.session(session.tenantId, session.sessionId),
                // a session deleted meanwhile has no owner either
                ConditionExpression: `attribute_not_exists(pk) OR (${epoch === 0 ? "(attribute_not_exists(leaseEpoch) OR leaseEpoch = :epoch)" : "leaseEpoch = :epoch"} AND ${LAPSED})`,
                ExpressionAttributeValues: { ":epoch": epoch, ":now": now.toISOString() },
              },
            },
            {
              Delete: {
                TableName: ctx.tableName,
                Key: keys.outboxEntry(session.tenantId, session.sessionId, seq),
              },
            },
          ],
        });
        return true;
      } catch (err) {
        if (transactionCancellationCodes(err)?.includes("ConditionalCheckFailed")) return false;
        throw err;
      }
    },
  };
}
