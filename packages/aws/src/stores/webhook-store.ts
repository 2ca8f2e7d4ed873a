import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  ConflictError,
  type EndpointPatch,
  type WebhookDeliveryRecord,
  type WebhookEndpointRecord,
  type WebhookStore,
} from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { queryPage } from "../dynamo/query-page";
import { queryAll } from "../dynamo/query-pages";
import { ENTITY, epochSeconds, keys, tenantPk } from "../dynamo/keys";
import { createDeliveries, DELIVERY_TTL_SECONDS, deliveryItem } from "./webhook-deliveries";

const ENDPOINT_FIELDS = [
  "id",
  "tenantId",
  "url",
  "events",
  "sessionIds",
  "description",
  "secretSealed",
  "secretPrefix",
  "paused",
  "headers",
  "previousSecretSealed",
  "previousSecretPrefix",
  "previousSecretExpiresAt",
  "createdAt",
  "updatedAt",
] as const;

const nullableString = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toEndpoint(i: Record<string, unknown>): WebhookEndpointRecord {
  return {
    id: String(i.id),
    tenantId: String(i.tenantId),
    url: String(i.url),
    events: (i.events as string[]) ?? [],
    sessionIds: (i.sessionIds as string[] | null | undefined) ?? null,
    description: (i.description as string | null | undefined) ?? null,
    secretSealed: String(i.secretSealed),
    secretPrefix: String(i.secretPrefix),
    // endpoints created before editing existed lack these: not paused, no headers, no rotation
    paused: i.paused === true,
    headers: (i.headers as Record<string, string> | undefined) ?? {},
    previousSecretSealed: nullableString(i.previousSecretSealed),
    previousSecretPrefix: nullableString(i.previousSecretPrefix),
    previousSecretExpiresAt: nullableString(i.previousSecretExpiresAt),
    createdAt: String(i.createdAt),
    updatedAt: String(i.updatedAt ?? i.createdAt),
  };
}

function toDelivery(i: Record<string, unknown>): WebhookDeliveryRecord {
  return {
    id: String(i.id),
    tenantId: String(i.tenantId),
    webhookId: String(i.webhookId),
    eventId: String(i.eventId),
    eventType: String(i.eventType),
    sessionId: (i.sessionId as string | null | undefined) ?? null,
    status: i.status as WebhookDeliveryRecord["status"],
    attempts: Number(i.attempts ?? 0),
    responseStatus: (i.responseStatus as number | null | undefined) ?? null,
    error: (i.error as string | null | undefined) ?? null,
    payload: String(i.payload),
    createdAt: String(i.createdAt),
    retryFrom: String(i.retryFrom ?? i.createdAt),
    lastAttemptAt: (i.lastAttemptAt as string | null | undefined) ?? null,
    nextAttemptAt: (i.nextAttemptAt as string | null | undefined) ?? null,
  };
}

/** Webhook endpoints (in the tenant partition) and their deliveries (one partition each, listed per endpoint via gsi1). */
export function createWebhookStore(ctx: DynamoContext): WebhookStore {
  const { doc, tableName } = ctx;

  async function update(
    t: string,
    id: string,
    input: { set: Record<string, unknown>; remove?: string[]; condition?: string; values?: Record<string, unknown> },
  ) {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ...input.values };
    const sets = Object.entries(input.set).map(([k, v]) => {
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      return `#${k} = :${k}`;
    });
    const removes = (input.remove ?? []).map((k) => {
      names[`#${k}`] = k;
      return `#${k}`;
    });
    names["#status"] = "status";
    const res = await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.delivery(t, id),
        UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
        ConditionExpression: input.condition ? `attribute_exists(pk) AND ${input.condition}` : "attribute_exists(pk)",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }),
    );
    return toDelivery(res.Attributes ?? {});
  }

  async function createDelivery(d: WebhookDeliveryRecord): Promise<boolean> {
    try {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: deliveryItem(d),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  return {
    async createEndpoint(e) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.webhook(e.tenantId, e.id),
              entity: ENTITY.webhook,
              ...Object.fromEntries(ENDPOINT_FIELDS.map((f) => [f, e[f]])),
            },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
      } catch (err) {
        if (isConditionalCheckFailed(err)) throw new ConflictError(`webhook ${e.id} already exists`, { cause: err });
        throw err;
      }
    },

    async getEndpoint(t, id) {
      const res = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.webhook(t, id), ConsistentRead: true }),
      );
      return res.Item ? toEndpoint(res.Item) : null;
    },

    async listEndpoints(t, page) {
      const pk = tenantPk(t);
      const res = await queryPage(ctx, page, {
        input: {
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
          ExpressionAttributeValues: { ":pk": pk, ":p": keys.webhookSkPrefix },
          ConsistentRead: true,
        },
        cursorAttributes: ["pk", "sk"],
        acceptCursor: (k) => k.pk === pk && (k.sk ?? "").startsWith(keys.webhookSkPrefix),
      });
      return { items: res.items.map(toEndpoint), nextCursor: res.nextCursor };
    },

    async allEndpoints(t) {
      const items = await queryAll(ctx, {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
        ExpressionAttributeValues: { ":pk": tenantPk(t), ":p": keys.webhookSkPrefix },
        ConsistentRead: true,
      });
      return items.map(toEndpoint);
    },

    async deleteEndpoint(t, id) {
      try {
        await doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.webhook(t, id),
            ConditionExpression: "attribute_exists(pk)",
          }),
        );
        return true;
      } catch (err) {
        if (isConditionalCheckFailed(err)) return false;
        throw err;
      }
    },

    async updateEndpoint(t, id, patch: EndpointPatch) {
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const sets = Object.entries(patch)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => {
          names[`#${k}`] = k;
          values[`:${k}`] = v;
          return `#${k} = :${k}`;
        });
      try {
        const res = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.webhook(t, id),
            UpdateExpression: `SET ${sets.join(", ")}`,
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: "ALL_NEW",
          }),
        );
        return toEndpoint(res.Attributes ?? {});
      } catch (err) {
        if (isConditionalCheckFailed(err)) return null;
        throw err;
      }
    },

    createDelivery,
    createDeliveries: (ds) => createDeliveries(ctx, ds, createDelivery),

    async getDelivery(t, id) {
      const res = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.delivery(t, id), ConsistentRead: true }),
      );
      return res.Item ? toDelivery(res.Item) : null;
    },

    async listDeliveries(t, webhookId, page) {
      const indexPk = keys.deliveriesIndexPk(t, webhookId);
      const res = await queryPage(ctx, page, {
        input: {
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :p",
          ExpressionAttributeValues: { ":p": indexPk },
          ScanIndexForward: false,
        },
        cursorAttributes: ["pk", "sk", "gsi1pk", "gsi1sk"],
        acceptCursor: (k) =>
          k.gsi1pk === indexPk && k.pk === keys.delivery(t, k.gsi1sk ?? "").pk && k.sk === "DELIVERY",
      });
      return { items: res.items.map(toDelivery), nextCursor: res.nextCursor };
    },

    async claimAttempt(t, id, now, lockUntil) {
      try {
        return await update(t, id, {
          set: { lockUntil: lockUntil.toISOString() },
          condition: "#status = :pending AND (attribute_not_exists(lockUntil) OR lockUntil < :now)",
          values: { ":pending": "pending", ":now": now.toISOString() },
        });
      } catch (err) {
        if (isConditionalCheckFailed(err)) return null;
        throw err;
      }
    },

    async finishAttempt(t, id, patch) {
      const lastAt = patch.lastAttemptAt ? Date.parse(patch.lastAttemptAt) : Date.now();
      return update(t, id, {
        set: { ...patch, expiresAt: epochSeconds(lastAt) + DELIVERY_TTL_SECONDS },
        remove: ["lockUntil"],
      });
    },

    async resetForRedelivery(t, id, now) {
      try {
        return await update(t, id, {
          set: {
            status: "pending",
            attempts: 0,
            error: null,
            responseStatus: null,
            retryFrom: now.toISOString(),
            nextAttemptAt: now.toISOString(),
            expiresAt: epochSeconds(now) + DELIVERY_TTL_SECONDS,
          },
          remove: ["lockUntil"],
          condition: "#status <> :pending",
          values: { ":pending": "pending" },
        });
      } catch (err) {
        if (isConditionalCheckFailed(err)) return null;
        throw err;
      }
    },
  };
}
