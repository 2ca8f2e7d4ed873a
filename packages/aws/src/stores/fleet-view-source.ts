import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { FleetStatsRecorder, FleetViewSource, WorkerInfo } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { queryAll } from "../dynamo/query-pages";
import { ENTITY, keys, epochSeconds } from "../dynamo/keys";
import { countSessionsByStatus, readSessionSummary, writeSessionSummary } from "./session-census";

const COUNTER_TTL_SECONDS = 60 * 60;
const minuteOf = (d: Date) => d.toISOString().slice(0, 16);

export function toWorkerInfo(i: Record<string, unknown>): WorkerInfo {
  return {
    id: String(i.id),
    inboxUrl: String(i.inboxUrl ?? ""),
    capacity: Number(i.capacity ?? 0),
    load: Number(i.load ?? 0),
    state: String(i.state ?? "running"),
    startedAt: String(i.startedAt ?? ""),
    heartbeatAt: String(i.heartbeatAt ?? ""),
    ...(typeof i.liveUntil === "string" ? { liveUntil: i.liveUntil } : {}),
    reaped: i.reapedBy !== undefined,
  };
}

/** Reads one worker item of the fleet registry (layout: dynamo/keys.ts, written by fleet/worker-registry.ts). */
export async function getWorker(ctx: DynamoContext, id: string): Promise<WorkerInfo | null> {
  const res = await ctx.doc.send(
    new GetCommand({ TableName: ctx.tableName, Key: keys.worker(id), ConsistentRead: true }),
  );
  return res.Item ? toWorkerInfo(res.Item) : null;
}

/** Older than this, the stored summary is counted again on read (the reconciler missed runs). */
const SUMMARY_MAX_AGE_MS = 2 * 60_000;

/**
 * The admin fleet view, never a Scan: workers from the registry (gsi1 WORKERS), session
 * counts from the summary item every reconciler run rewrites (counted over gsi2; counted
 * here only when the summary is missing or stale), reconnects from per-minute counters the
 * events consumer increments.
 */
export function createFleetViewSource(ctx: DynamoContext): FleetViewSource & FleetStatsRecorder {
  const { doc, tableName } = ctx;
  return {
    async workers() {
      const items = await queryAll(ctx, {
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :w",
        ExpressionAttributeValues: { ":w": keys.workersIndexPk },
      });
      return items.filter((i) => i.sk === keys.workerSk).map(toWorkerInfo);
    },

    async sessionCountsByStatus() {
      const summary = await readSessionSummary(ctx);
      const now = new Date();
      if (summary && Date.parse(summary.countedAt) >= now.getTime() - SUMMARY_MAX_AGE_MS) return summary.counts;
      const counts = await countSessionsByStatus(ctx);
      await writeSessionSummary(ctx, counts, now);
      return counts;
    },

    async reconnectsSince(since, now) {
      const res = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
          ExpressionAttributeValues: { ":pk": keys.reconnectsPk, ":from": minuteOf(since), ":to": minuteOf(now) },
          ConsistentRead: true,
        }),
      );
      return (res.Items ?? []).reduce((n, i) => n + Number(i.n ?? 0), 0);
    },

    async recordReconnect(at) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.reconnects(minuteOf(at)),
          UpdateExpression: "ADD n :one SET entity = :entity, expiresAt = :exp",
          ExpressionAttributeValues: {
            ":one": 1,
            ":entity": ENTITY.reconnects,
            ":exp": epochSeconds(at) + COUNTER_TTL_SECONDS,
          },
        }),
      );
    },
  };
}
