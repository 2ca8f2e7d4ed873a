import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { SessionStatus } from "@wharf/contracts";
import type { SessionCensus } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { ENTITY, keys } from "../dynamo/keys";
import { queryAll } from "../dynamo/query-pages";

export type StatusCounts = Partial<Record<SessionStatus, number>>;

/** The summary GET /v1/fleet reads: one item, rewritten by every reconciler run. */
const SUMMARY_KEY = { pk: "FLEETSTATS#SESSIONS", sk: "SUMMARY" };

/** Every session by status over gsi2 (all WANTS and IDLE shards in parallel, status projected). */
export async function countSessionsByStatus(ctx: DynamoContext): Promise<StatusCounts> {
  const counts: StatusCounts = {};
  const shards = await Promise.all(
    [...keys.wantsIndexPks(), ...keys.idleIndexPks()].map((indexPk) =>
      queryAll(ctx, {
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :p",
        ProjectionExpression: "#status",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":p": indexPk },
      }),
    ),
  );
  for (const items of shards)
    for (const i of items) {
      const s = i.status as SessionStatus;
      counts[s] = (counts[s] ?? 0) + 1;
    }
  return counts;
}

export async function readSessionSummary(
  ctx: DynamoContext,
): Promise<{ counts: StatusCounts; countedAt: string } | null> {
  const res = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: SUMMARY_KEY }));
  return res.Item ? { counts: res.Item.counts as StatusCounts, countedAt: String(res.Item.countedAt) } : null;
}

export async function writeSessionSummary(ctx: DynamoContext, counts: StatusCounts, at: Date): Promise<void> {
  await ctx.doc.send(
    new PutCommand({
      TableName: ctx.tableName,
      Item: { ...SUMMARY_KEY, entity: ENTITY.sessionSummary, counts, countedAt: at.toISOString() },
    }),
  );
}

/** The reconciler's census: count, then store the summary the fleet view serves. */
export function createSessionCensus(ctx: DynamoContext): SessionCensus {
  return {
    async refresh(now) {
      const counts = await countSessionsByStatus(ctx);
      await writeSessionSummary(ctx, counts, now);
      return counts;
    },
  };
}
