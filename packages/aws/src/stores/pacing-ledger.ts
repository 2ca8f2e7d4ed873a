import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  createPacingState,
  tryTake,
  withPacingSettings,
  type PacingLedger,
  type PacingState,
  type PacingVerdict,
} from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { ENTITY, DAY_SECONDS, keys, epochSeconds } from "../dynamo/keys";

const MAX_RACES = 5;

/**
 * The API's copy of a session's token bucket (core token-bucket.ts), so a send that pacing
 * would refuse is a 429 up front instead of a later `failed` status. Optimistic: read, take,
 * write back if nobody else wrote meanwhile (version), else try again.
 */
export function createPacingLedger(ctx: DynamoContext): PacingLedger {
  const { doc, tableName } = ctx;
  return {
    async take(t, s, settings, now): Promise<PacingVerdict> {
      const key = keys.pacing(t, s);
      for (let attempt = 1; ; attempt++) {
        const res = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
        const version = Number(res.Item?.version ?? 0);
        const stored = res.Item?.state as PacingState | undefined;
        const state = stored ? withPacingSettings(stored, settings) : createPacingState(settings, now);
        const taken = tryTake(state, now);
        if (!taken.allowed) return { allowed: false, reason: taken.reason, retryAfterSeconds: taken.retryAfterSeconds };
        try {
          await doc.send(
            new PutCommand({
              TableName: tableName,
              Item: {
                ...key,
                entity: ENTITY.pacing,
                state: taken.state,
                version: version + 1,
                expiresAt: epochSeconds(now) + 2 * DAY_SECONDS,
              },
              ConditionExpression: res.Item ? "version = :v" : "attribute_not_exists(pk)",
              ...(res.Item ? { ExpressionAttributeValues: { ":v": version } } : {}),
            }),
          );
          return { allowed: true };
        } catch (err) {
          if (!isConditionalCheckFailed(err) || attempt >= MAX_RACES) throw err;
        }
      }
    },
  };
}
