import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { SessionStatus } from "@wharf/contracts";
import type { OrphanedSessionSource, OrphanStatusWriter } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { ENTITY, keys } from "../dynamo/keys";
import { queryAll } from "../dynamo/query-pages";
import { toWorkerInfo } from "../stores/fleet-view-source";
import { isWorkerLive } from "./worker-liveness";

/**
 * Sessions with desiredState connected and no live lease, read from the WANTS partitions of
 * gsi2 (sessions that want a connection, sorted by lease owner; see keys.ts). The live
 * workers come from the registry index first; per shard, one Query per gap between live
 * owners, so a run reads free leases and dead owners' sessions, never a live worker's
 * (DESIGN §4). A session claimed moments ago by an unregistered holder is kept by its
 * claim-time `leaseUntil`.
 */
export function createOrphanedSessionSource(ctx: DynamoContext): OrphanedSessionSource {
  return {
    async *pages(now) {
      const live = await liveWorkerIds(ctx, now);
      for (const wantsPk of keys.wantsIndexPks()) {
        for (const range of ownerGaps(live)) {
          let start: Record<string, unknown> | undefined;
          do {
            const res = await ctx.doc.send(
              new QueryCommand({
                TableName: ctx.tableName,
                IndexName: "gsi2",
                KeyConditionExpression: `gsi2pk = :wants${range.condition}`,
                // the index may briefly hold a session whose claim raced a disconnect
                FilterExpression:
                  "entity = :session AND desiredState = :connected AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
                ExpressionAttributeNames: { "#status": "status" },
                ExpressionAttributeValues: {
                  ":wants": wantsPk,
                  ":now": now.toISOString(),
                  ":session": ENTITY.session,
                  ":connected": "connected",
                  ...range.values,
                },
                ProjectionExpression: "tenantId, id, leaseEpoch, leaseOwner, #status, lastDisconnect.reason",
                ExclusiveStartKey: start,
              }),
            );
            const sessions = (res.Items ?? [])
              .filter((item) => item.leaseOwner === undefined || !live.includes(String(item.leaseOwner)))
              .map((item) => ({
                tenantId: String(item.tenantId),
                sessionId: String(item.id),
                epoch: Number(item.leaseEpoch ?? 0),
                status: item.status as SessionStatus,
                lastDisconnectReason: (item.lastDisconnect as { reason?: string } | undefined)?.reason ?? null,
              }));
            yield { scanned: res.ScannedCount ?? 0, sessions };
            start = res.LastEvaluatedKey;
          } while (start);
        }
      }
    },
  };
}

/** Every registered worker whose heartbeat is live (any fleet sharing the table), sorted. */
async function liveWorkerIds(ctx: DynamoContext, now: Date): Promise<string[]> {
  const items = await queryAll(ctx, {
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :w",
    ExpressionAttributeValues: { ":w": keys.workersIndexPk },
  });
  return items
    .filter((i) => i.sk === keys.workerSk)
    .map(toWorkerInfo)
    .filter((w) => isWorkerLive(w, now))
    .map((w) => w.id)
    .sort(byCodePoint);
}

// DynamoDB orders string keys by their UTF-8 bytes; for these ASCII ids that is code-point order
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts after the id itself and before anything longer that starts with it. */
const justAfter = (id: string) => `${id}\u0001`;
/** Sorts before the id and after every shorter or smaller string a worker id can be. */
const justBefore = (id: string) => `${id.slice(0, -1)}${String.fromCharCode(id.charCodeAt(id.length - 1) - 1)}\uffff`;

/** Key conditions on gsi2sk covering everything but the live owners' exact ids. */
export function ownerGaps(live: string[]): { condition: string; values: Record<string, string> }[] {
  if (live.length === 0) return [{ condition: "", values: {} }];
  const gaps: { condition: string; values: Record<string, string> }[] = [
    { condition: " AND gsi2sk < :to", values: { ":to": live[0]! } },
  ];
  for (let i = 1; i < live.length; i++) {
    const from = justAfter(live[i - 1]!);
    const to = justBefore(live[i]!);
    if (from <= to) gaps.push({ condition: " AND gsi2sk BETWEEN :from AND :to", values: { ":from": from, ":to": to } });
  }
  gaps.push({ condition: " AND gsi2sk > :from", values: { ":from": live[live.length - 1]! } });
  return gaps;
}

/** The owner-lost mark: only while the lease is still lapsed at the orphan's epoch. */
export function createOrphanStatusWriter(ctx: DynamoContext): OrphanStatusWriter {
  return {
    async markOwnerLost(orphan, disconnect, now) {
      try {
        await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.session(orphan.tenantId, orphan.sessionId),
            UpdateExpression: "SET #status = :reconnecting, lastDisconnect = :disconnect, updatedAt = :at",
            ConditionExpression:
              // the orphan source found the owner dead; a claim since then would have moved the epoch
              "attribute_exists(pk) AND leaseEpoch = :epoch AND (attribute_not_exists(leaseOwner) OR attribute_not_exists(leaseUntil) OR leaseUntil < :at)",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":reconnecting": "reconnecting",
              ":disconnect": disconnect,
              ":at": now.toISOString(),
              ":epoch": orphan.epoch,
            },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionalCheckFailed(err)) return false;
        throw err;
      }
    },
  };
}
