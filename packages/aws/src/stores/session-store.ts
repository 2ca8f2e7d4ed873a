import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConflictError, type SessionRecord, type SessionStore } from "@wharf/core";
import { deletePartition } from "../dynamo/batch-delete";
import { batchGetItems } from "../dynamo/batch-get";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { keys } from "../dynamo/keys";
import { queryPage } from "../dynamo/query-page";
import { itemToSession, patchToUpdate, sessionToItem } from "./session-items";

const INDEX_KEY_ATTRIBUTES = ["pk", "sk", "gsi1pk", "gsi1sk"] as const;

/**
 * Each session owns a partition `TENANT#<t>#SESSION#<id>`: the session item (sk SESSION) and
 * everything that dies with it (auth state now; chats, contacts, messages later). Listing a
 * tenant's sessions goes through gsi1, newest first.
 */
export function createSessionStore(ctx: DynamoContext): SessionStore {
  const { doc, tableName } = ctx;

  async function get(tenantId: string, id: string): Promise<SessionRecord | null> {
    const res = await doc.send(
      new GetCommand({ TableName: tableName, Key: keys.session(tenantId, id), ConsistentRead: true }),
    );
    return res.Item ? itemToSession(res.Item) : null;
  }

  return {
    get,

    async getMany(refs) {
      // BatchGetItem refuses a list with the same key twice
      const unique = new Map(refs.map((r) => [keys.session(r.tenantId, r.id).pk, keys.session(r.tenantId, r.id)]));
      const { items, unprocessed } = await batchGetItems(ctx, [...unique.values()], null, { consistent: true });
      const byPk = new Map(items.map((i) => [String(i.pk), i]));
      const left = new Set(unprocessed.map((k) => k.pk));
      return Promise.all(
        refs.map(async (r) => {
          const pk = keys.session(r.tenantId, r.id).pk;
          if (left.has(pk)) return get(r.tenantId, r.id); // DynamoDB did not get to it
          const item = byPk.get(pk);
          return item ? itemToSession(item) : null;
        }),
      );
    },

    async create(session) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: sessionToItem(session),
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
      } catch (err) {
        if (isConditionalCheckFailed(err))
          throw new ConflictError(`session ${session.id} already exists`, { cause: err });
        throw err;
      }
    },

    async list(tenantId, page) {
      const indexPk = keys.sessionsIndexPk(tenantId);
      const res = await queryPage(ctx, page, {
        input: {
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :p",
          ExpressionAttributeValues: { ":p": indexPk },
          ScanIndexForward: false,
        },
        cursorAttributes: INDEX_KEY_ATTRIBUTES,
        acceptCursor: (k) =>
          k.gsi1pk === indexPk && k.sk === "SESSION" && k.pk === keys.sessionPk(tenantId, k.gsi1sk ?? ""),
      });
      return { items: res.items.map(itemToSession), nextCursor: res.nextCursor };
    },

    async update(tenantId, id, patch, opts = {}) {
      const { expression, names, values } = patchToUpdate(id, patch);
      const guarded = opts.ifUpdatedAt !== undefined;
      try {
        const res = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.session(tenantId, id),
            UpdateExpression: expression,
            // never an upsert: a missing session stays missing
            ConditionExpression: guarded
              ? "attribute_exists(pk) AND #updatedAt = :ifUpdatedAt"
              : "attribute_exists(pk)",
            ExpressionAttributeNames: { ...names, "#updatedAt": "updatedAt" },
            ExpressionAttributeValues: guarded ? { ...values, ":ifUpdatedAt": opts.ifUpdatedAt } : values,
            ReturnValues: "ALL_NEW",
          }),
        );
        return res.Attributes ? itemToSession(res.Attributes) : null;
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
        if (!guarded || !(await get(tenantId, id))) return null;
        throw new ConflictError(`session ${id} was changed concurrently`, { retryable: true, cause: err });
      }
    },

    async delete(tenantId, id) {
      try {
        await doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.session(tenantId, id),
            ConditionExpression: "attribute_exists(pk)",
          }),
        );
      } catch (err) {
        if (isConditionalCheckFailed(err)) return false;
        throw err;
      }
      // the session item is gone first, so fenced auth-state writes (conditioned on it) now fail
      await deletePartition(ctx, keys.sessionPk(tenantId, id));
      return true;
    },
  };
}
