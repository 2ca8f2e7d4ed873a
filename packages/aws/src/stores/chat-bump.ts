import type { ChatBump } from "@wharf/core";
import { ENTITY, keys } from "../dynamo/keys";

/**
 * A chat bump as one Update inside the message's transaction, without reading the chat first
 * (core applyChatBump, written as an expression). `newest`: the bump carries the chat's latest
 * message, guarded by `lastMessageAt <= at`; when that guard fails the bump is retried as
 * `older` (counts and names only), so concurrent writers never lose an unread count.
 */
export function chatBumpUpdate(
  tableName: string,
  ids: { tenantId: string; sessionId: string },
  bump: ChatBump,
  variant: "newest" | "older",
) {
  const names: Record<string, string> = { "#name": "name", "#phone": "phone" };
  const values: Record<string, unknown> = {
    ":t": ids.tenantId,
    ":s": ids.sessionId,
    ":jid": bump.jid,
    ":entity": ENTITY.chat,
    ":gpk": keys.chatsIndexPk(ids.tenantId, ids.sessionId),
    ":zero": 0,
    ":inc": bump.direction === "in" ? 1 : 0,
    ":one": 1,
  };
  const sets = [
    "tenantId = :t",
    "sessionId = :s",
    "jid = :jid",
    "entity = :entity",
    "gsi1pk = :gpk",
    "unreadCount = if_not_exists(unreadCount, :zero) + :inc",
    bump.name !== null ? "#name = :name" : "#name = if_not_exists(#name, :null)",
    bump.phone !== null ? "#phone = :phone" : "#phone = if_not_exists(#phone, :null)",
  ];
  if (bump.name !== null) values[":name"] = bump.name;
  if (bump.phone !== null) values[":phone"] = bump.phone;
  if (bump.name === null || bump.phone === null) values[":null"] = null;
  let condition: string | undefined;
  if (variant === "newest") {
    sets.push("gsi1sk = :gsk", "lastMessageAt = :at", "lastMessageText = :text", "lastMessageDirection = :dir");
    Object.assign(values, {
      ":gsk": `${bump.at}#${bump.jid}`,
      ":at": bump.at,
      ":text": bump.text,
      ":dir": bump.direction,
      ":nullType": "NULL",
    });
    condition =
      "attribute_not_exists(lastMessageAt) OR attribute_type(lastMessageAt, :nullType) OR lastMessageAt <= :at";
  } else {
    // an older bump of an existing chat keeps its sort key; a chat is never created this way
    values[":gskEmpty"] = `#${bump.jid}`;
    sets.push("gsi1sk = if_not_exists(gsi1sk, :gskEmpty)");
  }
  return {
    Update: {
      TableName: tableName,
      Key: keys.chat(ids.tenantId, ids.sessionId, bump.jid),
      UpdateExpression: `SET ${sets.join(", ")} ADD version :one`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ...(condition ? { ConditionExpression: condition } : {}),
    },
  };
}
