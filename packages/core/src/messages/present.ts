import type { Chat, Contact, Message } from "@wharf/contracts";
import { contentText, type ChatRecord, type ContactRecord, type MessageRecord } from "./records";

/** Record → public shape, shared by the REST API, realtime frames and webhook payloads. */
export function toMessage(r: MessageRecord): Message {
  return {
    id: r.id,
    sessionId: r.sessionId,
    chatJid: r.chatJid,
    direction: r.direction,
    type: r.content.kind === "unsupported" ? r.content.waType : r.content.kind,
    text: contentText(r.content),
    content: r.content,
    status: r.status,
    failureCode: r.failure?.code ?? null,
    failureReason: r.failure?.message ?? null,
    waMessageId: r.waMessageId,
    from: r.from,
    pushName: r.pushName,
    timestamp: r.timestamp,
    updatedAt: r.updatedAt,
  };
}

export function toChat(r: ChatRecord): Chat {
  return {
    jid: r.jid,
    name: r.name,
    phone: r.phone,
    unreadCount: r.unreadCount,
    lastMessageAt: r.lastMessageAt,
    lastMessageText: r.lastMessageText,
    lastMessageDirection: r.lastMessageDirection,
  };
}

export function toContact(r: ContactRecord): Contact {
  return { jid: r.jid, lid: r.lid, phone: r.phone, name: r.name, notify: r.notify, updatedAt: r.updatedAt };
}
