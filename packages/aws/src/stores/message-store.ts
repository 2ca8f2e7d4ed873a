import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  statusesBefore,
  type ChatBump,
  type ChatRecord,
  type InboundResult,
  type MessageRecord,
  type MessageStore,
} from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed, transactionCancellationCodes } from "../dynamo/errors";
import { transactWrite } from "../dynamo/transact-coalescer";
import { queryPage } from "../dynamo/query-page";
import { ENTITY, keys } from "../dynamo/keys";
import { chatBumpUpdate } from "./chat-bump";
import { itemToChat, itemToMessage, messageToItem } from "./message-items";

const INDEX_KEY = ["pk", "sk", "gsi1pk", "gsi1sk"] as const;
/** concurrent transactions on one chat item: retried with jitter, then the error surfaces */
const MAX_CONFLICTS = 6;

/**
 * Messages and chats (DESIGN §3): a message item per message (listed per chat through gsi1),
 * a WAMSG item per inbound WhatsApp id (uniqueness), and a chat item per conversation whose
 * gsi1 sort key is its last message time. A new message, its uniqueness item and its chat
 * change in one transaction; the chat change is an update expression (no read), so concurrent
 * writers (sends, inbound, mark-read) never lose an unread count or the latest message.
 */
export function createMessageStore(ctx: DynamoContext): MessageStore {
  const { doc, tableName } = ctx;

  async function getChat(t: string, s: string, jid: string): Promise<(ChatRecord & { version: number }) | null> {
    const res = await doc.send(
      new GetCommand({ TableName: tableName, Key: keys.chat(t, s, jid), ConsistentRead: true }),
    );
    return res.Item ? { ...itemToChat(res.Item), version: Number(res.Item.version ?? 0) } : null;
  }

  async function get(t: string, s: string, id: string): Promise<MessageRecord | null> {
    const res = await doc.send(
      new GetCommand({ TableName: tableName, Key: keys.message(t, s, id), ConsistentRead: true }),
    );
    return res.Item ? itemToMessage(res.Item) : null;
  }

  /**
   * Writes the message (+ uniqueness item) and bumps its chat in one transaction, without
   * reading the chat; "duplicate" when a guard on the message side failed. With a uniqueness
   * item (inbound) the session item must exist too, checked in the same transaction instead of
   * read before it; "session_missing" when it does not.
   */
  async function writeWithChat(
    msg: MessageRecord,
    bump: ChatBump,
    unique: Record<string, unknown> | null,
  ): Promise<"written" | "duplicate" | "session_missing"> {
    const ids = { tenantId: msg.tenantId, sessionId: msg.sessionId };
    const sessionCheck = unique
      ? [
          {
            ConditionCheck: {
              TableName: tableName,
              Key: keys.session(msg.tenantId, msg.sessionId),
              ConditionExpression: "attribute_exists(pk)",
            },
          },
        ]
      : [];
    let variant: "newest" | "older" = "newest";
    for (let attempt = 1; ; attempt++) {
      const items = [
        ...sessionCheck,
        ...(unique
          ? [{ Put: { TableName: tableName, Item: unique, ConditionExpression: "attribute_not_exists(pk)" } }]
          : []),
        { Put: { TableName: tableName, Item: messageToItem(msg), ConditionExpression: "attribute_not_exists(pk)" } },
        chatBumpUpdate(tableName, ids, bump, variant),
      ];
      try {
        await transactWrite(ctx, { TransactItems: items });
        return "written";
      } catch (err) {
        const codes = transactionCancellationCodes(err);
        if (!codes) throw err;
        if (sessionCheck.length > 0 && codes[0] === "ConditionalCheckFailed") return "session_missing";
        const messageSideLost = codes.slice(sessionCheck.length, -1).some((c) => c === "ConditionalCheckFailed");
        if (messageSideLost) return "duplicate";
        const chatCode = codes[codes.length - 1];
        // a newer message is already the chat's latest: bump counts only
        if (chatCode === "ConditionalCheckFailed" && variant === "newest") variant = "older";
        else if (!codes.includes("TransactionConflict") || attempt >= MAX_CONFLICTS) throw err;
        else await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }

  /** the WAMSG item naming a message by WhatsApp's id; also written for outbound ones once sent */
  async function indexWaMessageId(m: MessageRecord): Promise<void> {
    if (!m.waMessageId) return;
    const waKey = keys.waMessage(m.tenantId, m.sessionId, m.chatJid, m.waMessageId);
    try {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...waKey, entity: ENTITY.waMessage, messageId: m.id, eventId: m.eventId },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err; // already indexed
    }
  }

  return {
    get,
    async findByWaMessageId(t, s, chatJid, waMessageId) {
      const seen = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.waMessage(t, s, chatJid, waMessageId), ConsistentRead: true }),
      );
      return seen.Item ? get(t, s, String(seen.Item.messageId)) : null;
    },

    async patchContent(t, s, id, patch, expectedRevision) {
      const names: Record<string, string> = { "#content": "content", "#rev": "revision" };
      const values: Record<string, unknown> = {
        ":content": patch.content,
        ":at": patch.updatedAt,
        ":next": expectedRevision + 1,
      };
      const sets = ["#content = :content", "updatedAt = :at", "#rev = :next"];
      for (const field of ["editedAt", "deletedAt", "reactions", "changeEventId"] as const) {
        if (patch[field] === undefined) continue;
        sets.push(`${field} = :${field}`);
        values[`:${field}`] = patch[field];
      }
      let condition = "attribute_exists(pk) AND attribute_not_exists(#rev)";
      if (expectedRevision > 0) {
        condition = "#rev = :expected";
        values[":expected"] = expectedRevision;
      }
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.message(t, s, id),
            UpdateExpression: `SET ${sets.join(", ")}`,
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
        return true;
      } catch (err) {
        if (isConditionalCheckFailed(err)) return false;
        throw err;
      }
    },

    getChat: async (t, s, jid) => {
      const chat = await getChat(t, s, jid);
      if (!chat) return null;
      const { version: _v, ...record } = chat;
      return record;
    },

    async recordInbound(msg, bump): Promise<InboundResult | null> {
      const waKey = keys.waMessage(msg.tenantId, msg.sessionId, msg.chatJid, msg.waMessageId ?? msg.id);
      const unique = { ...waKey, entity: ENTITY.waMessage, messageId: msg.id, eventId: msg.eventId };
      const written = await writeWithChat(msg, bump, unique);
      if (written === "session_missing") return null;
      if (written === "written") return { inserted: true, message: msg };
      const seen = await doc.send(new GetCommand({ TableName: tableName, Key: waKey, ConsistentRead: true }));
      const stored = seen.Item ? await get(msg.tenantId, msg.sessionId, String(seen.Item.messageId)) : null;
      if (!stored) throw new Error(`inbound message ${msg.waMessageId} is marked stored but its item is missing`);
      return { inserted: false, message: stored };
    },

    async recordOutbound(msg, bump) {
      return (await writeWithChat(msg, bump, null)) === "written";
    },

    async advanceStatus(t, s, id, update) {
      const allowed = statusesBefore(update.status);
      if (allowed.length === 0) {
        const current = await get(t, s, id);
        return current ? { message: current, changed: false } : null;
      }
      const values: Record<string, unknown> = {
        ":status": update.status,
        ":at": update.at,
        ":eventId": update.eventId,
      };
      allowed.forEach((st, i) => {
        values[`:from${i}`] = st;
      });
      const sets = ["#status = :status", "updatedAt = :at", "eventId = :eventId"];
      if (update.failure) {
        sets.push("failure = :failure");
        values[":failure"] = update.failure;
      }
      if (update.waMessageId) {
        sets.push("waMessageId = :wa");
        values[":wa"] = update.waMessageId;
      }
      try {
        const res = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.message(t, s, id),
            UpdateExpression: `SET ${sets.join(", ")}`,
            ConditionExpression: `attribute_exists(pk) AND #status IN (${allowed.map((_, i) => `:from${i}`).join(", ")})`,
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: values,
            ReturnValues: "ALL_NEW",
          }),
        );
        const message = itemToMessage(res.Attributes ?? {});
        // a sent message becomes findable by WhatsApp's id (edits, deletes, reactions, quotes)
        if (update.waMessageId) await indexWaMessageId(message);
        return { message, changed: true };
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
        const current = await get(t, s, id);
        return current ? { message: current, changed: false } : null;
      }
    },

    async listByChat(t, s, jid, page) {
      const indexPk = keys.chatMessagesIndexPk(t, s, jid);
      const res = await queryPage(ctx, page, {
        input: {
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :p",
          ExpressionAttributeValues: { ":p": indexPk },
          ScanIndexForward: false,
        },
        cursorAttributes: INDEX_KEY,
        acceptCursor: (k) => k.gsi1pk === indexPk && k.pk === keys.sessionPk(t, s) && (k.sk ?? "").startsWith("MSG#"),
      });
      return { items: res.items.map(itemToMessage), nextCursor: res.nextCursor };
    },

    async listChats(t, s, page) {
      const indexPk = keys.chatsIndexPk(t, s);
      const res = await queryPage(ctx, page, {
        input: {
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :p",
          ExpressionAttributeValues: { ":p": indexPk },
          ScanIndexForward: false,
        },
        cursorAttributes: INDEX_KEY,
        acceptCursor: (k) => k.gsi1pk === indexPk && k.pk === keys.sessionPk(t, s) && (k.sk ?? "").startsWith("CHAT#"),
      });
      return { items: res.items.map(itemToChat), nextCursor: res.nextCursor };
    },

    async markChatRead(t, s, jid) {
      try {
        const res = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.chat(t, s, jid),
            UpdateExpression: "SET unreadCount = :zero ADD version :one",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: { ":zero": 0, ":one": 1 },
            ReturnValues: "ALL_NEW",
          }),
        );
        return itemToChat(res.Attributes ?? {});
      } catch (err) {
        if (isConditionalCheckFailed(err)) return null;
        throw err;
      }
    },
  };
}
