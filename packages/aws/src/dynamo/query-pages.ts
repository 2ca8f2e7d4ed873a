import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { DynamoContext } from "./context";

export type QueryInput = Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">;

/** Every page of a Query, in order: the one place that follows LastEvaluatedKey to the end. */
export async function* queryPages(ctx: DynamoContext, input: QueryInput): AsyncGenerator<Record<string, unknown>[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const res = await ctx.doc.send(new QueryCommand({ ...input, TableName: ctx.tableName, ExclusiveStartKey: start }));
    yield res.Items ?? [];
    start = res.LastEvaluatedKey;
  } while (start);
}

/** Every item of a Query (for small, bounded result sets: a tenant's webhooks, workers, …). */
export async function queryAll(ctx: DynamoContext, input: QueryInput): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const page of queryPages(ctx, input)) out.push(...page);
  return out;
}
