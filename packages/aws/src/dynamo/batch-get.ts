import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoContext } from "./context";
import type { ItemKey } from "./keys";

const BATCH_SIZE = 100; // DynamoDB's BatchGetItem limit
const ROUNDS = 5;

/**
 * BatchGetItem over any number of keys, 100 a call, each item cut to `projection`. Keys DynamoDB
 * leaves unprocessed are asked again, up to 5 rounds a chunk; those still left are returned, and
 * the caller says what not knowing them means. `projection` null: whole items; `consistent`: strongly
 * consistent reads (what a GetItem with ConsistentRead gives); `rounds`: calls per chunk (default 5).
 */
export async function batchGetItems(
  ctx: DynamoContext,
  itemKeys: ItemKey[],
  projection: string | null,
  opts: { consistent?: boolean; rounds?: number } = {},
): Promise<{ items: Record<string, unknown>[]; unprocessed: ItemKey[] }> {
  const items: Record<string, unknown>[] = [];
  const unprocessed: ItemKey[] = [];
  for (let i = 0; i < itemKeys.length; i += BATCH_SIZE) {
    let keysLeft: ItemKey[] = itemKeys.slice(i, i + BATCH_SIZE);
    for (let round = 0; keysLeft.length > 0 && round < (opts.rounds ?? ROUNDS); round++) {
      const res = await ctx.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [ctx.tableName]: {
              Keys: keysLeft.map((k) => ({ ...k })),
              ...(projection ? { ProjectionExpression: projection } : {}),
              ...(opts.consistent ? { ConsistentRead: true } : {}),
            },
          },
        }),
      );
      items.push(...(res.Responses?.[ctx.tableName] ?? []));
      keysLeft = (res.UnprocessedKeys?.[ctx.tableName]?.Keys as ItemKey[] | undefined) ?? [];
    }
    unprocessed.push(...keysLeft);
  }
  return { items, unprocessed };
}
