import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { FencedError, type SessionOwnerState } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { keys } from "../dynamo/keys";
import { wantsIndexUpdate } from "../stores/session-items";

/**
 * The session item as its owner writes it. Every write is conditioned on the lease (owner +
 * epoch); a failed condition means the lease moved on: FencedError, nothing written.
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
      try {
        await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.session(target.tenantId, target.sessionId),
            UpdateExpression: `SET ${sets.join(", ")}${wants.remove ? ` REMOVE ${wants.remove}` : ""}`,
            ConditionExpression: "leaseOwner = :owner AND leaseEpoch = :epoch",
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
      } catch (err) {
        if (isConditionalCheckFailed(err)) throw new FencedError(fence, "session write", err);
        throw err;
      }
    },
  };
}
