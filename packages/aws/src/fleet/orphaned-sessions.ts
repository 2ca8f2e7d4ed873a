import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { OrphanedSessionSource } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { ENTITY } from "../dynamo/keys";

/**
 * Sessions with desiredState connected whose lease is missing or expired. A scan: fine for a
 * once-a-minute janitor at this size; a sparse "wants connection" index is the step up when
 * tables grow (DESIGN §4).
 */
export function createOrphanedSessionSource(ctx: DynamoContext): OrphanedSessionSource {
  return {
    async *pages(now) {
      let start: Record<string, unknown> | undefined;
      do {
        const res = await ctx.doc.send(
          new ScanCommand({
            TableName: ctx.tableName,
            FilterExpression:
              "entity = :session AND desiredState = :connected AND (attribute_not_exists(leaseOwner) OR leaseUntil < :now)",
            ExpressionAttributeValues: {
              ":session": ENTITY.session,
              ":connected": "connected",
              ":now": now.toISOString(),
            },
            ProjectionExpression: "tenantId, id, leaseEpoch",
            ExclusiveStartKey: start,
          }),
        );
        const sessions = (res.Items ?? []).map((item) => ({
          tenantId: String(item.tenantId),
          sessionId: String(item.id),
          epoch: Number(item.leaseEpoch ?? 0),
        }));
        yield { scanned: res.ScannedCount ?? 0, sessions };
        start = res.LastEvaluatedKey;
      } while (start);
    },
  };
}
