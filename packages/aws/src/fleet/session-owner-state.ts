import { FencedError, type SessionOwnerState } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { transactionCancellationCodes } from "../dynamo/errors";
import { keys } from "../dynamo/keys";
import { transactWriteRetryingConflicts } from "../dynamo/retry";
import { wantsIndexUpdate } from "../stores/session-items";

// a conflict means another transaction (the session's fenced key writes check this item) was
// in flight on it: nothing was written, so trying again is safe
const MAX_ATTEMPTS = 5;

/**
 * The session item as its owner writes it. Every write is conditioned on the lease (owner +
 * epoch); a failed condition means the lease moved on: FencedError, nothing written.
 * A one-item transaction, so the writes of sessions that open or change together share
 * TransactWriteItems calls (the coalescer): a worker opening hundreds of stored sessions made
 * one UpdateItem call for each. DynamoDB bills a transactional write twice; these are rare.
 */
export function createSessionOwnerState(ctx: DynamoContext): SessionOwnerState {
  return {
    async write(target, fence, patch, now) {
      const sets: string[] = ["#updatedAt = :updatedAt"];
      const names: Record<string, string> = { "#updatedAt": "updatedAt" };
      const values: Record<string, unknown> = {
        ":updatedAt": now.toISOString(),
        ":owner": fence.owner,
        ":epoch": fence.epoch,
      };
      for (const [field, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        sets.push(`#${field} = :${field}`);
        names[`#${field}`] = field;
        values[`:${field}`] = value;
      }
      const wants = wantsIndexUpdate(target.sessionId, patch.desiredState);
      sets.push(...wants.sets);
      Object.assign(values, wants.values);
      const update = {
        TableName: ctx.tableName,
        Key: keys.session(target.tenantId, target.sessionId),
        UpdateExpression: `SET ${sets.join(", ")}${wants.remove ? ` REMOVE ${wants.remove}` : ""}`,
        ConditionExpression: "leaseOwner = :owner AND leaseEpoch = :epoch",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      };
      try {
        await transactWriteRetryingConflicts(ctx, { TransactItems: [{ Update: update }] }, MAX_ATTEMPTS);
      } catch (err) {
        if (transactionCancellationCodes(err)?.[0] === "ConditionalCheckFailed")
          throw new FencedError(fence, "session write", err);
        throw err;
      }
    },
  };
}
