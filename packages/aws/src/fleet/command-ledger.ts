import type { CommandLedger } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { transactionCancellationCodes } from "../dynamo/errors";
import { transactWrite } from "../dynamo/transact-coalescer";
import { DAY_SECONDS, ENTITY, epochSeconds, keys } from "../dynamo/keys";

const RECENT_IN_MEMORY = 2_000;

/**
 * The command ledger: a conditional put in the session's partition before a command acts.
 * SQS FIFO deduplication covers 5 minutes; this covers redelivery after a crash and a
 * handover to another worker. Records expire after 24 h. The ids this process saw last are
 * remembered, so a repeat costs no write. The put goes through the transaction coalescer: the
 * commands of one inbox batch begin in one turn, and DynamoDB's cost and the SDK's are per call.
 */
export function createCommandLedger(ctx: DynamoContext): CommandLedger {
  const recent = new Set<string>();
  const remember = (id: string) => {
    recent.add(id);
    if (recent.size > RECENT_IN_MEMORY) recent.delete(recent.values().next().value as string);
  };
  return {
    async begin(c, now) {
      if (recent.has(c.id)) return false;
      try {
        await transactWrite(ctx, {
          TransactItems: [
            {
              Put: {
                TableName: ctx.tableName,
                Item: {
                  ...keys.command(c.tenantId, c.sessionId, c.id),
                  entity: ENTITY.command,
                  type: c.type,
                  at: now.toISOString(),
                  expiresAt: epochSeconds(now) + DAY_SECONDS,
                },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        });
      } catch (err) {
        if (transactionCancellationCodes(err)?.[0] === "ConditionalCheckFailed") {
          remember(c.id);
          return false;
        }
        throw err;
      }
      remember(c.id);
      return true;
    },
  };
}
