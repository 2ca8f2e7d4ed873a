import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { ValidationError, type PageRequest } from "@wharf/core";
import type { DynamoContext } from "./context";
import { decodeCursor, encodeCursor, keyOf, type CursorKey } from "./cursor";

export interface PagedQuery {
  /** the query without Limit / ExclusiveStartKey */
  input: Omit<QueryCommandInput, "TableName" | "Limit" | "ExclusiveStartKey">;
  /** the key attributes of the queried index (LastEvaluatedKey shape) */
  cursorAttributes: readonly string[];
  /** does a decoded cursor belong to this query (same partition, same tenant)? */
  acceptCursor: (key: CursorKey) => boolean;
}

/**
 * One page of a Query. Asks for one item more than the limit so the last page carries no
 * cursor; the cursor is built from the last returned item's key, so it can only point inside
 * the queried partition.
 */
export async function queryPage(
  { doc, tableName }: DynamoContext,
  page: PageRequest,
  q: PagedQuery,
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  if (!Number.isInteger(page.limit) || page.limit < 1) {
    throw new ValidationError("invalid page size", [
      { path: "query.limit", message: "must be a positive integer", code: "invalid_limit" },
    ]);
  }
  const start = page.cursor ? decodeCursor(page.cursor, q.cursorAttributes, q.acceptCursor) : undefined;
  const res = await doc.send(
    new QueryCommand({ ...q.input, TableName: tableName, Limit: page.limit + 1, ExclusiveStartKey: start }),
  );
  const all = res.Items ?? [];
  const items = all.slice(0, page.limit);
  const last = items.at(-1);
  // more exists if we got the extra item, or DynamoDB stopped early at its 1 MB page size
  const more = all.length > page.limit || res.LastEvaluatedKey !== undefined;
  return { items, nextCursor: more && last ? encodeCursor(keyOf(last, q.cursorAttributes)) : null };
}
