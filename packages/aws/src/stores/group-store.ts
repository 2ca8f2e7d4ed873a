import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { GroupRecord, GroupStore } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { ENTITY, keys } from "../dynamo/keys";
import { queryPage } from "../dynamo/query-page";
import { isConditionalCheckFailed, transactionCancellationCodes } from "../dynamo/errors";
import { transactWrite } from "../dynamo/transact-coalescer";

function itemToGroup(i: Record<string, unknown>): GroupRecord {
  return {
    tenantId: String(i.tenantId),
    sessionId: String(i.sessionId),
    jid: String(i.jid),
    subject: String(i.subject ?? ""),
    description: (i.description as string | null | undefined) ?? null,
    owner: (i.owner as string | null | undefined) ?? null,
    createdAt: (i.createdAt as string | null | undefined) ?? null,
    announce: i.announce === true,
    restrict: i.restrict === true,
    participantCount: Number(i.participantCount ?? 0),
    participants: (i.participants as GroupRecord["participants"] | undefined) ?? [],
    member: i.member !== false,
    updatedAt: String(i.updatedAt),
  };
}

/**
 * Groups per session (`GROUP#<jid>` in the session's partition). A put also writes the chat's
 * group summary in the same transaction; the chat is created when the group has no message yet
 * (it sorts last until one arrives). A put older than the stored one is ignored.
 */
export function createGroupStore(ctx: DynamoContext): GroupStore {
  const { doc, tableName } = ctx;
  return {
    async put(r) {
      const chat = {
        Update: {
          TableName: tableName,
          Key: keys.chat(r.tenantId, r.sessionId, r.jid),
          UpdateExpression:
            "SET tenantId = :t, sessionId = :s, jid = :jid, entity = :entity, gsi1pk = :gpk, " +
            "gsi1sk = if_not_exists(gsi1sk, :gsk), unreadCount = if_not_exists(unreadCount, :zero), " +
            "#name = :subject, groupSubject = :subject, groupParticipantCount = :count",
          ExpressionAttributeNames: { "#name": "name" },
          ExpressionAttributeValues: {
            ":t": r.tenantId,
            ":s": r.sessionId,
            ":jid": r.jid,
            ":entity": ENTITY.chat,
            ":gpk": keys.chatsIndexPk(r.tenantId, r.sessionId),
            ":gsk": `#${r.jid}`,
            ":zero": 0,
            ":subject": r.subject,
            ":count": r.participantCount,
          },
        },
      };
      const group = {
        Put: {
          TableName: tableName,
          Item: { ...keys.group(r.tenantId, r.sessionId, r.jid), entity: ENTITY.group, ...r },
          ConditionExpression: "attribute_not_exists(pk) OR updatedAt <= :at",
          ExpressionAttributeValues: { ":at": r.updatedAt },
        },
      };
      try {
        await transactWrite(ctx, { TransactItems: [group, chat] });
      } catch (err) {
        // a newer snapshot is stored already (events of one session are applied in order, but redelivered)
        if (transactionCancellationCodes(err)?.[0] !== "ConditionalCheckFailed") throw err;
      }
    },

    async markLeft(t, s, jid, at) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.group(t, s, jid),
            UpdateExpression: "SET #member = :false, updatedAt = :at",
            ExpressionAttributeNames: { "#member": "member" },
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: { ":false": false, ":at": at },
          }),
        );
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
      }
    },

    async get(t, s, jid) {
      const res = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.group(t, s, jid), ConsistentRead: true }),
      );
      return res.Item ? itemToGroup(res.Item) : null;
    },

    async list(t, s, page) {
      const pk = keys.sessionPk(t, s);
      const res = await queryPage(ctx, page, {
        input: {
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          FilterExpression: "#member <> :false",
          ExpressionAttributeNames: { "#member": "member" },
          ExpressionAttributeValues: { ":pk": pk, ":prefix": keys.groupSkPrefix, ":false": false },
          ConsistentRead: true,
        },
        cursorAttributes: ["pk", "sk"],
        acceptCursor: (k) => k.pk === pk && (k.sk ?? "").startsWith(keys.groupSkPrefix),
      });
      return { items: res.items.map(itemToGroup), nextCursor: res.nextCursor };
    },
  };
}
