import { BatchWriteCommand, type BatchWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import type { DynamoContext } from "./context";
import { sleep } from "./retry";
import type { ItemKey } from "./keys";
import { queryPages } from "./query-pages";

const BATCH_SIZE = 25; // DynamoDB's BatchWriteItem limit
const MAX_ATTEMPTS = 8;

/** Deletes every item of one partition: Query (keys only) + BatchWriteItem in chunks of 25. */
export async function deletePartition(ctx: DynamoContext, pk: string): Promise<number> {
  let deleted = 0;
  const input = {
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": pk },
    ProjectionExpression: "pk, sk",
    ConsistentRead: true,
  };
  for await (const page of queryPages(ctx, input)) {
    const itemKeys = page.map((i) => ({ pk: String(i.pk), sk: String(i.sk) }));
    await batchDelete(ctx, itemKeys);
    deleted += itemKeys.length;
  }
  return deleted;
}

/** BatchWriteItem deletes in chunks of 25, retrying unprocessed items with backoff. */
export async function batchDelete(ctx: DynamoContext, itemKeys: ItemKey[]): Promise<void> {
  await batchWrite(
    ctx,
    itemKeys.map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } })),
    "delete",
  );
}

/** BatchWriteItem puts (unconditional) in chunks of 25, retrying unprocessed items with backoff. */
export async function batchPut(ctx: DynamoContext, items: Record<string, unknown>[]): Promise<void> {
  await batchWrite(
    ctx,
    items.map((Item) => ({ PutRequest: { Item } })),
    "put",
  );
}

type WriteRequests = NonNullable<BatchWriteCommandInput["RequestItems"]>[string];

async function batchWrite(ctx: DynamoContext, all: WriteRequests, what: string): Promise<void> {
  for (let i = 0; i < all.length; i += BATCH_SIZE) {
    let requests: NonNullable<BatchWriteCommandInput["RequestItems"]> = {
      [ctx.tableName]: all.slice(i, i + BATCH_SIZE),
    };
    for (let attempt = 1; ; attempt++) {
      const res = await ctx.doc.send(new BatchWriteCommand({ RequestItems: requests }));
      const left = res.UnprocessedItems?.[ctx.tableName] ?? [];
      if (left.length === 0) break;
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`batch ${what}: ${left.length} items still unprocessed after ${attempt} attempts`);
      requests = { [ctx.tableName]: left };
      await sleep(Math.min(1000, 25 * 2 ** attempt));
    }
  }
}
