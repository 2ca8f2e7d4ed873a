import { DeleteCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { FleetEvent } from "@wharf/contracts";
import type { EventOutbox } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { DAY_SECONDS, ENTITY, epochSeconds, keys } from "../dynamo/keys";
import { encodeQueueBody } from "../sqs/queue-body";

/** as long as SQS could have kept the event: an outbox older than that is past saving */
const OUTBOX_TTL_SECONDS = 14 * DAY_SECONDS;

/**
 * The event outbox in the session's partition (`OUTBOX#<seq>`), so it dies with the session.
 * The event is stored as the same escaped JSON the queue carries: any string survives.
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
