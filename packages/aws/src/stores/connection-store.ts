import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ConnectionRecord, ConnectionStore } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { queryAll } from "../dynamo/query-pages";
import { ENTITY, keys, epochSeconds } from "../dynamo/keys";

const toRecord = (i: Record<string, unknown>): ConnectionRecord => ({
  connectionId: String(i.connectionId),
  tenantId: String(i.tenantId),
  keyId: (i.keyId as string | null | undefined) ?? null,
  scopes: (i.scopes as string[] | undefined) ?? null,
  sessionIds: (i.sessionIds as string[] | undefined) ?? null,
  connectedAt: String(i.connectedAt),
  expiresAt: String(i.connectionExpiresAt),
});

/** WebSocket connections: one item each (deleted on $disconnect, TTL otherwise), listed per tenant via gsi1. */
export function createConnectionStore(ctx: DynamoContext): ConnectionStore {
  const { doc, tableName } = ctx;
  return {
    async put(c) {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.wsConnection(c.connectionId),
            gsi1pk: keys.wsConnectionsIndexPk(c.tenantId),
            gsi1sk: c.connectionId,
            entity: ENTITY.wsConnection,
            connectionId: c.connectionId,
            tenantId: c.tenantId,
            keyId: c.keyId,
            ...(c.scopes ? { scopes: c.scopes } : {}),
            ...(c.sessionIds ? { sessionIds: c.sessionIds } : {}),
            connectedAt: c.connectedAt,
            connectionExpiresAt: c.expiresAt,
            expiresAt: epochSeconds(Date.parse(c.expiresAt)),
          },
        }),
      );
    },
    async delete(connectionId) {
      await doc.send(new DeleteCommand({ TableName: tableName, Key: keys.wsConnection(connectionId) }));
    },
    async get(connectionId) {
      const res = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.wsConnection(connectionId), ConsistentRead: true }),
      );
      return res.Item ? toRecord(res.Item) : null;
    },
    async listByTenant(tenantId, now) {
      const items = await queryAll(ctx, {
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p",
        // TTL deletion lags: skip what has expired already
        FilterExpression: "expiresAt > :now",
        ExpressionAttributeValues: { ":p": keys.wsConnectionsIndexPk(tenantId), ":now": epochSeconds(now) },
      });
      return items.map(toRecord);
    },
    async claimToken(tenantId, tokenId, expiresAt) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.wsTokenUse(tenantId, tokenId),
              entity: ENTITY.wsTokenUse,
              tenantId,
              // kept a minute past the token's expiry: by then the token is refused anyway
              expiresAt: epochSeconds(expiresAt) + 60,
            },
            ConditionExpression: "attribute_not_exists(pk)",
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
