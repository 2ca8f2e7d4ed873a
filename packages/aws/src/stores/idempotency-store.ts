import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { IDEMPOTENCY_TTL_SECONDS, type IdempotencyRecord, type IdempotencyStore } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { ENTITY, keys, epochSeconds } from "../dynamo/keys";

/** Idempotency-Key records: one item per tenant and key (hashed), expiring after 24 h. */
export function createIdempotencyStore(ctx: DynamoContext): IdempotencyStore {
  const { doc, tableName } = ctx;
  const toRecord = (i: Record<string, unknown>): IdempotencyRecord => ({
    tenantId: String(i.tenantId),
    key: String(i.key ?? ""),
    fingerprint: String(i.fingerprint),
    state: i.state as IdempotencyRecord["state"],
    messageId: String(i.messageId),
    commandId: String(i.commandId),
    response: (i.response as IdempotencyRecord["response"] | undefined) ?? null,
    createdAt: String(i.createdAt),
    lockedAt: String(i.lockedAt),
  });

  return {
    async begin(record, now) {
      const key = keys.idempotency(record.tenantId, record.key);
      const nowSec = epochSeconds(now);
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            // the key itself is not stored: it may be anything the client chose
            Item: {
              ...key,
              entity: ENTITY.idempotency,
              ...record,
              key: undefined,
              expiresAt: nowSec + IDEMPOTENCY_TTL_SECONDS,
            },
            // an expired record (TTL deletion lags) counts as absent
            ConditionExpression: "attribute_not_exists(pk) OR expiresAt < :now",
            ExpressionAttributeValues: { ":now": nowSec },
          }),
        );
        return { created: true };
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
        const res = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
        if (!res.Item) return this.begin(record, now);
        return { created: false, existing: { ...toRecord(res.Item), key: record.key } };
      }
    },

    async relock(tenantId, key, expectedLockedAt, now) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.idempotency(tenantId, key),
            UpdateExpression: "SET lockedAt = :now",
            ConditionExpression: "lockedAt = :expected AND #state = :pending",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: {
              ":now": now.toISOString(),
              ":expected": expectedLockedAt,
              ":pending": "pending",
            },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionalCheckFailed(err)) return false;
        throw err;
      }
    },

    async complete(tenantId, key, response) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.idempotency(tenantId, key),
          UpdateExpression: "SET #state = :done, #response = :response",
          ExpressionAttributeNames: { "#state": "state", "#response": "response" },
          ExpressionAttributeValues: { ":done": "done", ":response": response },
        }),
      );
    },

    async release(tenantId, key) {
      try {
        await doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.idempotency(tenantId, key),
            ConditionExpression: "#state = :pending",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: { ":pending": "pending" },
          }),
        );
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
      }
    },
  };
}
