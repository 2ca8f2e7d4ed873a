import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { MediaKind } from "@wharf/contracts";
import type { MediaRecord, MediaStore } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { ENTITY, epochSeconds, keys } from "../dynamo/keys";

/** Upload records, one item each in the tenant's key space (another tenant's id is a miss). */
export function createMediaStore(ctx: DynamoContext): MediaStore {
  const { doc, tableName } = ctx;
  return {
    async create(r, ttlSeconds) {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.media(r.tenantId, r.id),
            entity: ENTITY.media,
            mediaId: r.id,
            tenantId: r.tenantId,
            kind: r.kind,
            mimetype: r.mimetype,
            size: r.size,
            fileName: r.fileName,
            key: r.key,
            createdAt: r.createdAt,
            uploadExpiresAt: r.uploadExpiresAt,
            expiresAt: epochSeconds(Date.parse(r.createdAt)) + ttlSeconds,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    },
    async get(tenantId, mediaId) {
      const res = await doc.send(new GetCommand({ TableName: tableName, Key: keys.media(tenantId, mediaId) }));
      const i = res.Item;
      if (!i || i.tenantId !== tenantId) return null;
      return {
        id: String(i.mediaId),
        tenantId: String(i.tenantId),
        kind: i.kind as MediaKind,
        mimetype: String(i.mimetype),
        size: Number(i.size),
        fileName: (i.fileName as string | null | undefined) ?? null,
        key: String(i.key),
        createdAt: String(i.createdAt),
        uploadExpiresAt: String(i.uploadExpiresAt),
      } satisfies MediaRecord;
    },
  };
}
