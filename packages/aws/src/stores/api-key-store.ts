import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConflictError, type ApiKeyRecord, type ApiKeyStore } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed, transactionCancellationCodes } from "../dynamo/errors";
import { transactWrite } from "../dynamo/transact-coalescer";
import { ENTITY, keys } from "../dynamo/keys";
import { queryPage } from "../dynamo/query-page";

const TABLE_KEY_ATTRIBUTES = ["pk", "sk"] as const;

export interface ApiKeyStoreOptions {
  /** `touch` writes lastUsedAt at most this often per key (default 60 s; 0 = every call) */
  touchIntervalMs?: number;
}

function recordAttributes(key: ApiKeyRecord): Record<string, unknown> {
  return {
    id: key.id,
    tenantId: key.tenantId,
    name: key.name,
    prefix: key.prefix,
    hash: key.hash,
    // absent rather than NULL for full access / no limit: rows written before scopes existed read the same
    ...(key.scopes ? { scopes: key.scopes } : {}),
    ...(key.sessionIds ? { sessionIds: key.sessionIds } : {}),
    createdAt: key.createdAt,
    // absent rather than NULL: the touch condition tests attribute_not_exists
    ...(key.lastUsedAt ? { lastUsedAt: key.lastUsedAt } : {}),
  };
}

function toRecord(item: Record<string, unknown>): ApiKeyRecord {
  return {
    id: item.id as string,
    tenantId: item.tenantId as string,
    name: item.name as string,
    prefix: item.prefix as string,
    hash: item.hash as string,
    scopes: (item.scopes as ApiKeyRecord["scopes"] | undefined) ?? null,
    sessionIds: (item.sessionIds as string[] | undefined) ?? null,
    createdAt: item.createdAt as string,
    lastUsedAt: (item.lastUsedAt as string | undefined) ?? null,
  };
}

/**
 * API keys live in their tenant's partition (`KEY#<id>`). A second item keyed by the hash
 * (`KEYHASH#<sha256>`) carries a copy of the record: it makes hashes unique (both items are
 * written in one transaction) and lets authentication resolve a key with one GetItem.
 */
export function createApiKeyStore(ctx: DynamoContext, opts: ApiKeyStoreOptions = {}): ApiKeyStore {
  const { doc, tableName } = ctx;
  const touchIntervalMs = opts.touchIntervalMs ?? 60_000;
  // in-process throttle in front of the conditional write: most calls cost no request at all
  const recentTouches = new Map<string, number>();
  const rememberTouch = (touchKey: string, atMs: number) => {
    if (recentTouches.size >= 10_000) recentTouches.clear();
    recentTouches.set(touchKey, atMs);
  };

  return {
    async create(key) {
      try {
        await transactWrite(ctx, {
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.apiKey(key.tenantId, key.id), entity: ENTITY.apiKey, ...recordAttributes(key) },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.apiKeyHash(key.hash), entity: ENTITY.apiKeyHash, ...recordAttributes(key) },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        });
      } catch (err) {
        const codes = transactionCancellationCodes(err);
        if (codes?.includes("ConditionalCheckFailed")) {
          const which = codes[0] === "ConditionalCheckFailed" ? `api key ${key.id}` : "an api key with this hash";
          throw new ConflictError(`${which} already exists`, { cause: err });
        }
        throw err;
      }
    },

    async findByHash(hash) {
      const res = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.apiKeyHash(hash), ConsistentRead: true }),
      );
      return res.Item ? toRecord(res.Item) : null;
    },

    async get(tenantId, id) {
      const res = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.apiKey(tenantId, id), ConsistentRead: true }),
      );
      return res.Item ? toRecord(res.Item) : null;
    },

    /** oldest first (ids are ULIDs); a consistent read of the tenant's partition */
    async list(tenantId, page) {
      const pk = keys.apiKey(tenantId, "").pk;
      const res = await queryPage(ctx, page, {
        input: {
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": pk, ":prefix": keys.apiKeySkPrefix },
          ConsistentRead: true,
        },
        cursorAttributes: TABLE_KEY_ATTRIBUTES,
        acceptCursor: (k) => k.pk === pk && (k.sk ?? "").startsWith(keys.apiKeySkPrefix),
      });
      return { items: res.items.map(toRecord), nextCursor: res.nextCursor };
    },

    async delete(tenantId, id) {
      const existing = await this.get(tenantId, id);
      if (!existing) return false;
      try {
        await transactWrite(ctx, {
          TransactItems: [
            {
              Delete: {
                TableName: tableName,
                Key: keys.apiKey(tenantId, id),
                ConditionExpression: "attribute_exists(pk)",
              },
            },
            {
              Delete: {
                TableName: tableName,
                Key: keys.apiKeyHash(existing.hash),
                ConditionExpression: "id = :id",
                ExpressionAttributeValues: { ":id": id },
              },
            },
          ],
        });
        return true;
      } catch (err) {
        // a concurrent delete won: nothing left for us to delete
        if (transactionCancellationCodes(err)?.includes("ConditionalCheckFailed")) return false;
        throw err;
      }
    },

    async touch(tenantId, id, at) {
      const atMs = new Date(at).getTime();
      const touchKey = `${tenantId}/${id}`;
      const previous = recentTouches.get(touchKey);
      if (previous !== undefined && atMs - previous < touchIntervalMs) return;
      rememberTouch(touchKey, atMs);
      const threshold = new Date(atMs - touchIntervalMs).toISOString();
      const update = (key: { pk: string; sk: string }) =>
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key,
            UpdateExpression: "SET lastUsedAt = :at",
            // never creates an item; writes at most once per interval; never moves backwards
            ConditionExpression:
              "attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR (lastUsedAt <= :threshold AND lastUsedAt < :at))",
            ExpressionAttributeValues: { ":at": at, ":threshold": threshold },
            ReturnValues: "ALL_NEW",
          }),
        );
      try {
        const res = await update(keys.apiKey(tenantId, id));
        const hash = res.Attributes?.hash;
        if (typeof hash === "string") await update(keys.apiKeyHash(hash));
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
      }
    },
  };
}
