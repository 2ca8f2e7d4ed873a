import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { OperationRecord, OperationStore } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { ENTITY, epochSeconds, keys } from "../dynamo/keys";

/** Between reads of a pending operation: short at first (answers take ~100 ms), then 250 ms. */
const FIRST_POLL_MS = 25;
const MAX_POLL_MS = 250;

/**
 * Session operation records in the session's partition. `settle` is conditional on the
 * record being pending, so the first answer (the owner's, or the timeout) wins.
 */
export function createOperationStore(ctx: DynamoContext): OperationStore {
  const { doc, tableName } = ctx;
  const toRecord = (i: Record<string, unknown>): OperationRecord => ({
    tenantId: String(i.tenantId),
    sessionId: String(i.sessionId),
    id: String(i.id),
    op: i.op as OperationRecord["op"],
    status: i.status as OperationRecord["status"],
    result: i.result ?? null,
    failure: (i.failure as OperationRecord["failure"] | undefined) ?? null,
    createdAt: String(i.createdAt),
    settledAt: (i.settledAt as string | undefined) ?? null,
    deadlineAt: String(i.deadlineAt),
    expiresAt: new Date(Number(i.expiresAt) * 1000).toISOString(),
  });
  const get = async (t: string, s: string, id: string): Promise<OperationRecord | null> => {
    const res = await doc.send(
      new GetCommand({ TableName: tableName, Key: keys.operation(t, s, id), ConsistentRead: true }),
    );
    return res.Item ? toRecord(res.Item) : null;
  };

  return {
    async create(r) {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.operation(r.tenantId, r.sessionId, r.id),
            entity: ENTITY.operation,
            ...r,
            expiresAt: epochSeconds(new Date(r.expiresAt)),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    },

    get,

    async settle(t, s, id, settlement) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.operation(t, s, id),
            UpdateExpression: "SET #status = :status, #result = :result, failure = :failure, settledAt = :at",
            ConditionExpression: "#status = :pending",
            ExpressionAttributeNames: { "#status": "status", "#result": "result" },
            ExpressionAttributeValues: {
              ":status": settlement.status,
              ":result": settlement.result ?? null,
              ":failure": settlement.failure,
              ":at": settlement.settledAt,
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

    async waitSettled(t, s, id, waitMs) {
      const until = Date.now() + waitMs;
      let pause = FIRST_POLL_MS;
      for (;;) {
        const r = await get(t, s, id);
        if (r?.status !== "pending") return r;
        const left = until - Date.now();
        if (left <= 0) return r;
        await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
        pause = Math.min(pause * 2, MAX_POLL_MS);
      }
    },
  };
}
