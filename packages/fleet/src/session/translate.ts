import { normalizeMessageContent, type Contact, type proto, type WAMessage } from "@whiskeysockets/baileys";
import type { ContactInfo, MessageContent, MessageReceivedEvent, OutboundMessageStatus } from "@wharf/contracts";

/** Baileys → Wharf event data. Pure functions: no socket, no I/O. */

const MEDIA = {
  imageMessage: "image",
  videoMessage: "video",
  audioMessage: "audio",
  documentMessage: "document",
  stickerMessage: "sticker",
} as const;

// Keys that only carry protocol plumbing, never something a person sent.
const PLUMBING = new Set(["messageContextInfo", "senderKeyDistributionMessage", "protocolMessage"]);

const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);

function int(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return Math.max(0, Math.trunc(v));
  // protobuf longs arrive as Long objects with toNumber()
  if (v && typeof v === "object" && "toNumber" in v && typeof (v as { toNumber: unknown }).toNumber === "function") {
    return Math.max(0, Math.trunc((v as { toNumber(): number }).toNumber()));
  }
  return null;
}

/** The content of a message as text or a typed summary; null for pure protocol messages. */
export function summarizeContent(message: proto.IMessage | null | undefined): MessageContent | null {
  const m = normalizeMessageContent(message);
  if (!m) return null;
  if (typeof m.conversation === "string") return { kind: "text", text: m.conversation };
  if (m.extendedTextMessage?.text != null) return { kind: "text", text: m.extendedTextMessage.text };
  for (const [key, kind] of Object.entries(MEDIA) as [keyof typeof MEDIA, (typeof MEDIA)[keyof typeof MEDIA]][]) {
    const media = m[key] as
      | (proto.Message.IImageMessage & proto.Message.IDocumentMessage & proto.Message.IAudioMessage)
      | null
      | undefined;
    if (!media) continue;
    const file = {
      mimetype: str(media.mimetype),
      fileName: str(media.fileName),
      size: int(media.fileLength),
      durationSeconds: int(media.seconds),
    };
    if (kind === "audio" || kind === "sticker") return { kind, ...file };
    return { kind, caption: str(media.caption), ...file };
  }
  if (m.locationMessage) {
    return {
      kind: "location",
      latitude: m.locationMessage.degreesLatitude ?? 0,
      longitude: m.locationMessage.degreesLongitude ?? 0,
      name: str(m.locationMessage.name),
    };
  }
  if (m.contactMessage)
    return {
      kind: "contact",
      contacts: [{ displayName: str(m.contactMessage.displayName), vcard: m.contactMessage.vcard ?? "" }],
    };
  if (m.reactionMessage)
    return {
      kind: "reaction",
      emoji: m.reactionMessage.text ?? "",
      targetWaMessageId: m.reactionMessage.key?.id ?? "",
    };
  const type = Object.keys(m).find((k) => !PLUMBING.has(k) && (m as Record<string, unknown>)[k] != null);
  return type ? { kind: "unsupported", waType: type } : null;
}

const phoneOf = (jid: string | null | undefined): string | null => {
  if (!jid?.endsWith("@s.whatsapp.net")) return null;
  return jid.slice(0, jid.indexOf("@")).replace(/:\d+$/, "") || null;
};

function timestamp(t: WAMessage["messageTimestamp"], fallback: Date): string {
  const seconds = int(t);
  return seconds ? new Date(seconds * 1000).toISOString() : fallback.toISOString();
}

/**
 * An inbound message as `message.received` data, or null when there is nothing to report
 * (our own messages, status broadcasts, protocol-only messages).
 */
export function receivedMessageData(msg: WAMessage, now: Date): MessageReceivedEvent["data"] | null {
  const key = msg.key;
  if (!key?.id || !key.remoteJid || key.fromMe) return null;
  if (key.remoteJid === "status@broadcast" || key.remoteJid.endsWith("@newsletter")) return null;
  const content = summarizeContent(msg.message);
  if (!content) return null;
  const group = key.remoteJid.endsWith("@g.us");
  const senderJid = (group ? key.participant : key.remoteJid) || key.remoteJid;
  const alt = group ? key.participantAlt : key.remoteJidAlt;
  // rc14 addresses 1:1 chats by LID first; partners address them by phone, so a chat whose
  // phone is known is keyed by its phone JID (one chat per contact, and replies go there)
  const pnAlt = alt?.endsWith("@s.whatsapp.net") ? alt.replace(/:\d+@/, "@") : null;
  const chatJid = !group && key.remoteJid.endsWith("@lid") && pnAlt ? pnAlt : key.remoteJid;
  return {
    waMessageId: key.id,
    chatJid,
    senderJid,
    senderPhone: phoneOf(senderJid) ?? phoneOf(alt),
    pushName: str(msg.pushName),
    sentAt: timestamp(msg.messageTimestamp, now),
    content,
  };
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
