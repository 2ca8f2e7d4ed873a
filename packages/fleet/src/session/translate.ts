import { normalizeMessageContent, type Contact, type WAMessage, type WAMessageKey } from "@whiskeysockets/baileys";
import type {
  ContactInfo,
  MessageChange,
  MessageContent,
  MessageReceivedEvent,
  OutboundMessageStatus,
} from "@wharf/contracts";
import { int, type IsMe, str, summarizeContent } from "./inbound-content";

/** Baileys → Wharf event data. Pure functions: no socket, no I/O. */

export { summarizeContent } from "./inbound-content";

const REVOKE = 0;
const MESSAGE_EDIT = 14;

export const phoneOf = (jid: string | null | undefined): string | null => {
  if (!jid?.endsWith("@s.whatsapp.net")) return null;
  return jid.slice(0, jid.indexOf("@")).replace(/:\d+$/, "") || null;
};

function timestamp(t: WAMessage["messageTimestamp"], fallback: Date): string {
  const seconds = int(t);
  return seconds ? new Date(seconds * 1000).toISOString() : fallback.toISOString();
}

/** Status broadcasts and newsletters are not chats Wharf reports. */
function ignoredChat(jid: string): boolean {
  return jid === "status@broadcast" || jid.endsWith("@newsletter");
}

/**
 * The chat of a message: rc14 addresses 1:1 chats by LID first; partners address them by phone,
 * so a chat whose phone is known is keyed by its phone JID (one chat per contact, and replies go there).
 */
export function chatOf(key: WAMessageKey): string {
  const remote = key.remoteJid ?? "";
  const group = remote.endsWith("@g.us");
  const alt = group ? key.participantAlt : key.remoteJidAlt;
  const pnAlt = alt?.endsWith("@s.whatsapp.net") ? alt.replace(/:\d+@/, "@") : null;
  return !group && remote.endsWith("@lid") && pnAlt ? pnAlt : remote;
}

/**
 * An inbound message as `message.received` data, or null when there is nothing to report
 * (our own messages, status broadcasts, protocol-only messages).
 */
export function receivedMessageData(
  msg: WAMessage,
  now: Date,
  isMe: IsMe = () => false,
  /** what it holds, when not read from `msg.message` (a message that could not be decrypted) */
  known?: MessageContent,
): MessageReceivedEvent["data"] | null {
  const key = msg.key;
  if (!key?.id || !key.remoteJid || key.fromMe || ignoredChat(key.remoteJid)) return null;
  const content = known ?? summarizeContent(msg.message, isMe);
  if (!content) return null;
  const group = key.remoteJid.endsWith("@g.us");
  const senderJid = (group ? key.participant : key.remoteJid) || key.remoteJid;
  const alt = group ? key.participantAlt : key.remoteJidAlt;
  return {
    waMessageId: key.id,
    chatJid: chatOf(key),
    senderJid,
    senderPhone: phoneOf(senderJid) ?? phoneOf(alt),
    pushName: str(msg.pushName),
    sentAt: timestamp(msg.messageTimestamp, now),
    content,
  };
}

/**
 * A message that changes another one (a reaction, an edit, a delete for everyone), from a
 * contact or from this account (its own sends come back through Baileys too): the change,
 * else null. Only the author edits or revokes a message, so the target is ours when the change is.
 */
export function messageChange(msg: WAMessage, now: Date): MessageChange | null {
  const key = msg.key;
  if (!key?.id || !key.remoteJid || ignoredChat(key.remoteJid)) return null;
  const m = normalizeMessageContent(msg.message);
  if (!m) return null;
  const chatJid = chatOf(key);
  const fromMe = key.fromMe === true;
  const at = timestamp(msg.messageTimestamp, now);
  const reaction = m.reactionMessage;
  if (reaction?.key?.id) {
    const group = key.remoteJid.endsWith("@g.us");
    const sender = fromMe ? null : (group ? key.participant : key.remoteJid) || key.remoteJid;
    // Baileys turned the target's key to this account's point of view already
    const ms = int(reaction.senderTimestampMs);
    return {
      change: "reaction",
      chatJid,
      waMessageId: reaction.key.id,
      fromMe: reaction.key.fromMe === true,
      senderJid: sender,
      emoji: reaction.text ?? "",
      at: ms ? new Date(ms).toISOString() : at,
    };
  }
  const protocol = m.protocolMessage;
  const targetId = protocol?.key?.id;
  if (!protocol || !targetId) return null;
  if (protocol.type === REVOKE) return { change: "deleted", chatJid, waMessageId: targetId, fromMe, at };
  if (protocol.type === MESSAGE_EDIT) {
    const edited = summarizeContent(protocol.editedMessage);
    const text =
      edited?.kind === "text" ? edited.text : edited && "caption" in edited && edited.caption ? edited.caption : null;
    if (text === null) return null;
    return { change: "edited", chatJid, waMessageId: targetId, fromMe, text: text.slice(0, 65_536), at };
  }
  return null;
}

/** WebMessageInfo.Status → Wharf status; null for statuses not reported (pending, server ack). */
export function outboundStatus(status: number | null | undefined): OutboundMessageStatus | null {
  switch (status) {
    case 0:
      return "failed";
    case 3:
      return "delivered";
    case 4:
    case 5:
      return "read";
    default:
      return null;
  }
}

export function contactInfo(c: Partial<Contact> & { id: string }): ContactInfo {
  const lid = c.lid ?? (c.id.endsWith("@lid") ? c.id : null);
  return {
    jid: c.id,
    lid: lid ?? null,
    phone: phoneOf(c.phoneNumber) ?? phoneOf(c.id),
    name: str(c.name),
    notify: str(c.notify),
  };
}
