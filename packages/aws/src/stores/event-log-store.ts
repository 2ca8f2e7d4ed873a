import { PutCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { EVENT_LOG_RETENTION_DAYS, type EventLogEntry } from "@wharf/contracts";
import { ValidationError, type PageRequest, type TenantEventStore } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { decodeCursor, encodeCursor, keyOf, type CursorKey } from "../dynamo/cursor";
import { ENTITY, DAY_SECONDS, keys, epochSeconds } from "../dynamo/keys";

const TTL_SECONDS = EVENT_LOG_RETENTION_DAYS * DAY_SECONDS;

function toEntry(i: Record<string, unknown>): EventLogEntry {
  return { id: i.id, type: i.type, sessionId: i.sessionId ?? null, at: i.at, data: i.data } as EventLogEntry;
}

/** Queries a filtered page reads at most, so a rare type costs bounded work per request. */
const MAX_QUERIES_PER_PAGE = 8;

/**
 * One page, newest first. A FilterExpression applies after DynamoDB's Limit, so a filtered page
 * keeps reading until it has `limit` entries; the cursor is the last returned entry's key, or
 * where reading stopped when the bound was hit.
 */
export async function readPage(
  ctx: DynamoContext,
  page: PageRequest,
  input: Omit<QueryCommandInput, "TableName" | "Limit" | "ExclusiveStartKey">,
  cursorAttributes: readonly string[],
  acceptCursor: (k: CursorKey) => boolean,
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  if (!Number.isInteger(page.limit) || page.limit < 1) {
    throw new ValidationError("invalid page size", [
      { path: "query.limit", message: "must be a positive integer", code: "invalid_limit" },
    ]);
  }
  let start: Record<string, unknown> | undefined = page.cursor
    ? decodeCursor(page.cursor, cursorAttributes, acceptCursor)
    : undefined;
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < MAX_QUERIES_PER_PAGE; i++) {
    const res = await ctx.doc.send(
      new QueryCommand({
        ...input,
        TableName: ctx.tableName,
        Limit: page.limit + 1 - items.length,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
    if (items.length > page.limit) {
      const kept = items.slice(0, page.limit);
      return { items: kept, nextCursor: encodeCursor(keyOf(kept.at(-1) ?? {}, cursorAttributes)) };
    }
    if (!start) return { items, nextCursor: null };
  }
  // bound hit: resume where reading stopped (past every entry returned and filtered out)
  return { items, nextCursor: start ? encodeCursor(keyOf(start, cursorAttributes)) : null };
}

/**
 * The tenant's event log: one item per entry in the tenant's log partition, sorted by
 * `<at>#<id>` (so a rewrite of the same entry is the same item), gsi1 per session for the
 * session filter. Entries expire after EVENT_LOG_RETENTION_DAYS (TTL).
 */
export function createTenantEventStore(ctx: DynamoContext): TenantEventStore {
  const { doc, tableName } = ctx;
  return {
    async append(t, entry) {
      const key = keys.eventLogEntry(t, entry.at, entry.id);
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...key,
            ...(entry.sessionId ? { gsi1pk: keys.eventLogSessionIndexPk(t, entry.sessionId), gsi1sk: key.sk } : {}),
            entity: ENTITY.eventLogEntry,
            tenantId: t,
            ...entry,
            expiresAt: epochSeconds(Date.parse(entry.at)) + TTL_SECONDS,
          },
        }),
      );
    },

    async list(t, filter, page) {
      const pk = keys.eventLogPk(t);
      // `type` is a reserved word in DynamoDB expressions
      const typeFilter = filter.type
        ? { FilterExpression: "#type = :type", ExpressionAttributeNames: { "#type": "type" } }
        : {};
      const typeValue = filter.type ? { ":type": filter.type } : {};
      if (filter.sessionId) {
        const indexPk = keys.eventLogSessionIndexPk(t, filter.sessionId);
        const res = await readPage(
          ctx,
          page,
          {
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :p",
            ExpressionAttributeValues: { ":p": indexPk, ...typeValue },
            ScanIndexForward: false,
            ...typeFilter,
          },
          ["pk", "sk", "gsi1pk", "gsi1sk"],
          (k) => k.gsi1pk === indexPk && k.pk === pk,
        );
        return { items: res.items.map(toEntry), nextCursor: res.nextCursor };
      }
      const res = await readPage(
        ctx,
        page,
        {
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": pk, ...typeValue },
          ScanIndexForward: false,
          ...typeFilter,
        },
        ["pk", "sk"],
        (k) => k.pk === pk,
      );
      return { items: res.items.map(toEntry), nextCursor: res.nextCursor };
    },
  };
}
