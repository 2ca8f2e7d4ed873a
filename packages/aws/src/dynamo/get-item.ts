import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoContext } from "./context";
import type { ItemKey } from "./keys";

/** One raw item by key, read consistently (tests and tools that check what is stored). */
export async function getItem(ctx: DynamoContext, key: ItemKey): Promise<Record<string, unknown> | null> {
  const res = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: key, ConsistentRead: true }));
  return res.Item ?? null;
}
