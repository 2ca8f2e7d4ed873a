import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type {
  AppliedMarker,
  AuthStateEraser,
  EventLog,
  OwnerProjectionPatch,
  ProjectionResult,
  SessionLinkStore,
  SessionProjection,
} from "@wharf/core";
import { AUTH_SK_PREFIX } from "../auth-state/items";
import { batchDelete, batchPut } from "../dynamo/batch-delete";
import type { DynamoContext } from "../dynamo/context";
import { queryPages } from "../dynamo/query-pages";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { itemToSession } from "./session-items";
import { ENTITY, DAY_SECONDS, keys, epochSeconds } from "../dynamo/keys";

/** Applied-event markers outlive SQS retention (4 days on Webhooks, 4 on Events) comfortably. */
const EVENT_MARKER_TTL_SECONDS = 7 * DAY_SECONDS;

function markerItem(m: AppliedMarker): Record<string, unknown> {
  return {
    ...keys.eventMarker(m.tenantId, m.sessionId, m.eventId),
    entity: ENTITY.eventMarker,
    type: m.type,
    at: m.at.toISOString(),
    expiresAt: epochSeconds(m.at) + EVENT_MARKER_TTL_SECONDS,
  };
}

export function createEventLog(ctx: DynamoContext): EventLog {
  return {
    async isApplied(t, s, eventId) {
      const res = await ctx.doc.send(
        new GetCommand({ TableName: ctx.tableName, Key: keys.eventMarker(t, s, eventId), ConsistentRead: true }),
      );
      return res.Item !== undefined;
    },
    async markApplied(t, s, eventId, type, at) {
      await ctx.doc.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: markerItem({ tenantId: t, sessionId: s, eventId, type, at }),
        }),
      );
    },
    async markAppliedMany(markers) {
      await batchPut(ctx, markers.map(markerItem));
    },
  };
}

/** Owner patches guarded by the lease epoch in the same conditional update (DESIGN §4). */
export function createSessionProjection(ctx: DynamoContext): SessionProjection {
  return {
    async applyOwnerPatch(t, s, epoch, patch: OwnerProjectionPatch): Promise<ProjectionResult> {
      const fields = Object.entries(patch).filter(([, v]) => v !== undefined);
      try {
        const res = await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.session(t, s),
            UpdateExpression: `SET ${fields.map(([k]) => `#${k} = :${k}`).join(", ")}`,
            ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(leaseEpoch) OR leaseEpoch <= :epoch)",
            ExpressionAttributeNames: Object.fromEntries(fields.map(([k]) => [`#${k}`, k])),
            ExpressionAttributeValues: { ...Object.fromEntries(fields.map(([k, v]) => [`:${k}`, v])), ":epoch": epoch },
            ReturnValues: "ALL_NEW",
          }),
        );
        return { result: "applied", session: itemToSession(res.Attributes ?? {}) };
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
        const current = await ctx.doc.send(
          new GetCommand({ TableName: ctx.tableName, Key: keys.session(t, s), ConsistentRead: true }),
        );
        return current.Item
          ? { result: "stale", leaseEpoch: Number(current.Item.leaseEpoch ?? 0) }
          : { result: "missing" };
      }
    },
  };
}

/** The QR / pairing code on screen, beside the session item; gone a day after it expired. */
export function createSessionLinkStore(ctx: DynamoContext): SessionLinkStore {
  return {
    async get(t, s) {
      const res = await ctx.doc.send(
        new GetCommand({ TableName: ctx.tableName, Key: keys.link(t, s), ConsistentRead: true }),
      );
      const i = res.Item;
      if (!i) return null;
      return {
        qr: (i.qr as string | null) ?? null,
        pairingCode: (i.pairingCode as string | null) ?? null,
        expiresAt: String(i.linkExpiresAt),
        epoch: Number(i.epoch ?? 0),
      };
    },
    async set(t, s, link) {
      await ctx.doc.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: {
            ...keys.link(t, s),
            entity: ENTITY.link,
            qr: link.qr,
            pairingCode: link.pairingCode,
            linkExpiresAt: link.expiresAt,
            epoch: link.epoch,
            expiresAt: epochSeconds(Date.parse(link.expiresAt)) + DAY_SECONDS,
          },
        }),
      );
    },
    async clear(t, s) {
      await ctx.doc.send(new DeleteCommand({ TableName: ctx.tableName, Key: keys.link(t, s) }));
    },
  };
}

/** Deletes a session's auth-state items when no worker is there to log out (API logout). */
export function createAuthStateEraser(ctx: DynamoContext): AuthStateEraser {
  return {
    async clear(t, s) {
      const input = {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :auth)",
        ExpressionAttributeValues: { ":pk": keys.sessionPk(t, s), ":auth": AUTH_SK_PREFIX },
        ProjectionExpression: "pk, sk",
      };
      for await (const page of queryPages(ctx, input)) {
        const found = page.map((i) => ({ pk: String(i.pk), sk: String(i.sk) }));
        if (found.length > 0) await batchDelete(ctx, found);
      }
    },
  };
}
