import type { ChatRecord, MessageRecord } from "@wharf/core";
import { ENTITY, keys } from "../dynamo/keys";

/** Message and chat records ⇄ items. */
export function messageToItem(m: MessageRecord): Record<string, unknown> {
  return {
    ...keys.message(m.tenantId, m.sessionId, m.id),
    gsi1pk: keys.chatMessagesIndexPk(m.tenantId, m.sessionId, m.chatJid),
    gsi1sk: `${m.timestamp}#${m.id}`,
    entity: ENTITY.message,
    ...m,
  };
}

export function itemToMessage(i: Record<string, unknown>): MessageRecord {
  return {
    id: String(i.id),
    tenantId: String(i.tenantId),
    sessionId: String(i.sessionId),
    chatJid: String(i.chatJid),
    direction: i.direction as MessageRecord["direction"],
    content: i.content as MessageRecord["content"],
    status: i.status as MessageRecord["status"],
    failure: (i.failure as MessageRecord["failure"] | undefined) ?? null,
    waMessageId: (i.waMessageId as string | null | undefined) ?? null,
    from: (i.from as string | null | undefined) ?? null,
    pushName: (i.pushName as string | null | undefined) ?? null,
    ...(typeof i.fromPhone === "string" ? { fromPhone: i.fromPhone } : {}),
    timestamp: String(i.timestamp),
    createdAt: String(i.createdAt),
    updatedAt: String(i.updatedAt),
    eventId: (i.eventId as string | null | undefined) ?? null,
    ...(i.editedAt ? { editedAt: String(i.editedAt) } : {}),
    ...(i.deletedAt ? { deletedAt: String(i.deletedAt) } : {}),
    ...(Array.isArray(i.reactions) && i.reactions.length > 0
      ? { reactions: i.reactions as NonNullable<MessageRecord["reactions"]> }
      : {}),
    ...(i.changeEventId ? { changeEventId: String(i.changeEventId) } : {}),
    ...(i.revision !== undefined ? { revision: Number(i.revision) } : {}),
  };
}

export function chatToItem(c: ChatRecord): Record<string, unknown> {
  return {
    ...keys.chat(c.tenantId, c.sessionId, c.jid),
    gsi1pk: keys.chatsIndexPk(c.tenantId, c.sessionId),
    gsi1sk: `${c.lastMessageAt ?? ""}#${c.jid}`,
    entity: ENTITY.chat,
    ...c,
  };
}

export function itemToChat(i: Record<string, unknown>): ChatRecord {
  return {
    tenantId: String(i.tenantId),
    sessionId: String(i.sessionId),
    jid: String(i.jid),
    name: (i.name as string | null | undefined) ?? null,
    phone: (i.phone as string | null | undefined) ?? null,
    unreadCount: Number(i.unreadCount ?? 0),
    lastMessageAt: (i.lastMessageAt as string | null | undefined) ?? null,
    lastMessageText: (i.lastMessageText as string | null | undefined) ?? null,
    lastMessageDirection: (i.lastMessageDirection as ChatRecord["lastMessageDirection"] | undefined) ?? null,
    // written by the group store with the group's metadata
    group:
      typeof i.groupSubject === "string"
        ? { subject: i.groupSubject, participantCount: Number(i.groupParticipantCount ?? 0) }
        : null,
  };
}
