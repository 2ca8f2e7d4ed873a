import type { Chat, Contact, Message, StoredMessageContent } from "@wharf/contracts";
import { DOWNLOAD_URL_TTL_SECONDS } from "../media/uploads";
import type { BlobStore } from "../media/ports";
import { contentText, type ChatRecord, type ContactRecord, type MessageRecord } from "./records";

/** The content as shown: the file's bucket key is internal and never leaves the store. */
function publicContent(content: StoredMessageContent): StoredMessageContent {
  if (!("storageKey" in content)) return content;
  const { storageKey: _key, ...rest } = content;
  return rest as StoredMessageContent;
}

/**
 * Record → public shape, shared by the REST API, realtime frames and webhook payloads. Without
 * download URLs; `presentMessage` adds them.
 */
export function toMessage(r: MessageRecord): Message {
  return {
    id: r.id,
    sessionId: r.sessionId,
    chatJid: r.chatJid,
    direction: r.direction,
    type: r.content.kind === "unsupported" ? r.content.waType : r.content.kind,
    text: contentText(r.content),
    content: publicContent(r.content),
    ...(r.editedAt ? { edited: true, editedAt: r.editedAt } : {}),
    ...(r.deletedAt ? { deleted: true, deletedAt: r.deletedAt } : {}),
    ...(r.reactions && r.reactions.length > 0 ? { reactions: r.reactions } : {}),
    status: r.status,
    failureCode: r.failure?.code ?? null,
    failureReason: r.failure?.message ?? null,
    waMessageId: r.waMessageId,
    from: r.from,
    fromPhone: r.fromPhone ?? null,
    pushName: r.pushName,
    timestamp: r.timestamp,
    updatedAt: r.updatedAt,
  };
}

/**
 * A message with its file's download URL: a presigned GET minted now (never stored), valid
 * DOWNLOAD_URL_TTL_SECONDS. Without a bucket, or before the file is stored, the URL is absent.
 */
export async function presentMessage(
  deps: { blobs?: BlobStore | undefined; clock: { now(): Date } },
  r: MessageRecord,
): Promise<Message> {
  const message = toMessage(r);
  const key = "storageKey" in r.content ? r.content.storageKey : undefined;
  if (!key || !deps.blobs) return message;
  const downloadUrl = await deps.blobs.presignGet(key, DOWNLOAD_URL_TTL_SECONDS);
  const expiresAt = new Date(deps.clock.now().getTime() + DOWNLOAD_URL_TTL_SECONDS * 1000).toISOString();
  return { ...message, content: { ...message.content, downloadUrl, expiresAt } as StoredMessageContent };
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
    group: r.group ?? null,
  };
}

export function toContact(r: ContactRecord): Contact {
  return { jid: r.jid, lid: r.lid, phone: r.phone, name: r.name, notify: r.notify, updatedAt: r.updatedAt };
}
