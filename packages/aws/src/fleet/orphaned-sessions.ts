import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { SessionStatus } from "@wharf/contracts";
import type { OrphanedSessionSource, OrphanStatusWriter } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { ENTITY, keys } from "../dynamo/keys";

/**
 * Sessions with desiredState connected whose lease is missing or expired, read from the
 * WANTS partitions of gsi2 (sessions that want a connection, sorted by lease expiry; see
 * keys.ts): one Query per shard for `gsi2sk < now`, so a run reads the orphans and nothing else (DESIGN §4).
 */
export function createOrphanedSessionSource(ctx: DynamoContext): OrphanedSessionSource {
  return {
    async *pages(now) {
      for (const wantsPk of keys.wantsIndexPks()) {
        let start: Record<string, unknown> | undefined;
        do {
          const res = await ctx.doc.send(
            new QueryCommand({
              TableName: ctx.tableName,
              IndexName: "gsi2",
              KeyConditionExpression: "gsi2pk = :wants AND gsi2sk < :now",
              // the index may briefly hold a session whose claim raced a disconnect
              FilterExpression: "entity = :session AND desiredState = :connected",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: {
                ":wants": wantsPk,
                ":now": now.toISOString(),
                ":session": ENTITY.session,
                ":connected": "connected",
              },
              ProjectionExpression: "tenantId, id, leaseEpoch, #status, lastDisconnect.reason",
              ExclusiveStartKey: start,
            }),
          );
          const sessions = (res.Items ?? []).map((item) => ({
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
    },
  };
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
              "attribute_exists(pk) AND leaseEpoch = :epoch AND (attribute_not_exists(leaseOwner) OR leaseUntil < :at)",
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
