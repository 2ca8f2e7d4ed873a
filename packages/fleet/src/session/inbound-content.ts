import { normalizeMessageContent, type proto } from "@whiskeysockets/baileys";
import { QUOTE_PREVIEW_MAX, type MessageContent, type QuotedMessage } from "@wharf/contracts";
import { messageIdFromWa } from "./wa-message-id";

/** WhatsApp message content → Wharf's MessageContent. Pure: no socket, no I/O. */

// Keys that only carry protocol plumbing, never something a person sent.
const PLUMBING = new Set(["messageContextInfo", "senderKeyDistributionMessage", "protocolMessage"]);

export const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);

export function int(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return Math.max(0, Math.trunc(v));
  // protobuf longs arrive as Long objects with toNumber()
  if (v && typeof v === "object" && "toNumber" in v && typeof (v as { toNumber: unknown }).toNumber === "function") {
    return Math.max(0, Math.trunc((v as { toNumber(): number }).toNumber()));
  }
  return null;
}

const b64 = (v: Uint8Array | string | null | undefined): string | null => {
  if (!v || v.length === 0) return null;
  return typeof v === "string" ? v : Buffer.from(v).toString("base64");
};

type AnyMedia = proto.Message.IImageMessage &
  proto.Message.IVideoMessage &
  proto.Message.IAudioMessage &
  proto.Message.IDocumentMessage &
  proto.Message.IStickerMessage;

/** The file fields every media kind shares (the descriptor before the bytes are stored). */
function file(m: AnyMedia) {
  return {
    mimetype: str(m.mimetype),
    size: int(m.fileLength),
    sha256: b64(m.fileSha256),
    durationSeconds: int(m.seconds),
    width: int(m.width),
    height: int(m.height),
    fileName: str(m.fileName),
  };
}

/** Who may be "this account" in a quote (its phone and LID JIDs). */
export type IsMe = (jid: string) => boolean;

/** The message this one replies to, from a context info; undefined when it is not a reply. */
export function quotedOf(ctx: proto.IContextInfo | null | undefined, isMe: IsMe): QuotedMessage | undefined {
  const id = str(ctx?.stanzaId);
  if (!ctx || !id) return undefined;
  const participant = str(ctx.participant);
  return {
    waMessageId: id,
    messageId: messageIdFromWa(id) ?? null,
    senderJid: participant && !isMe(participant) ? participant : null,
    preview: previewOf(ctx.quotedMessage),
  };
}

/** The start of a message's text or caption, or its kind in words. */
export function previewOf(message: proto.IMessage | null | undefined): string | null {
  const content = summarizeContent(message);
  if (!content) return null;
  const text =
    content.kind === "text"
      ? content.text
      : "caption" in content && content.caption
        ? content.caption
        : content.kind === "unsupported"
          ? null
          : content.kind;
  return text ? text.slice(0, QUOTE_PREVIEW_MAX) : null;
}

/** The context info of the (normalized) message's one content field, where replies live. */
function contextOf(m: proto.IMessage): proto.IContextInfo | null {
  for (const [key, value] of Object.entries(m)) {
    if (PLUMBING.has(key) || !value || typeof value !== "object") continue;
    const ctx = (value as { contextInfo?: proto.IContextInfo | null }).contextInfo;
    if (ctx) return ctx;
  }
  return null;
}

/**
 * The content of a message; null for pure protocol messages. Kinds Wharf does not model are
 * `unsupported` with WhatsApp's own type name, never dropped.
 */
export function summarizeContent(
  message: proto.IMessage | null | undefined,
  isMe: IsMe = () => false,
): MessageContent | null {
  const m = normalizeMessageContent(message);
  if (!m) return null;
  const content = bareContent(m);
  if (!content || content.kind === "reaction") return content;
  const quoted = quotedOf(contextOf(m), isMe);
  return quoted ? { ...content, quoted } : content;
}

function bareContent(m: proto.IMessage): MessageContent | null {
  if (typeof m.conversation === "string") return { kind: "text", text: m.conversation };
  if (m.extendedTextMessage?.text != null) return { kind: "text", text: m.extendedTextMessage.text };
  if (m.imageMessage) return { kind: "image", caption: str(m.imageMessage.caption), ...file(m.imageMessage) };
  if (m.videoMessage) {
    const v = m.videoMessage;
    return { kind: "video", caption: str(v.caption), ...(v.gifPlayback ? { gif: true } : {}), ...file(v) };
  }
  if (m.audioMessage) return { kind: "audio", voiceNote: m.audioMessage.ptt === true, ...file(m.audioMessage) };
  if (m.documentMessage)
    return { kind: "document", caption: str(m.documentMessage.caption), ...file(m.documentMessage) };
  if (m.stickerMessage)
    return { kind: "sticker", ...(m.stickerMessage.isAnimated ? { animated: true } : {}), ...file(m.stickerMessage) };
  if (m.locationMessage) {
    const l = m.locationMessage;
    return {
      kind: "location",
      latitude: l.degreesLatitude ?? 0,
      longitude: l.degreesLongitude ?? 0,
      name: str(l.name),
      address: str(l.address),
    };
  }
  if (m.contactMessage)
    return {
      kind: "contact",
      contacts: [{ displayName: str(m.contactMessage.displayName), vcard: m.contactMessage.vcard ?? "" }],
    };
  const cards = m.contactsArrayMessage?.contacts ?? [];
  if (cards.length > 0)
    return {
      kind: "contact",
      contacts: cards.slice(0, 10).map((c) => ({ displayName: str(c.displayName), vcard: c.vcard ?? "" })),
    };
  if (m.reactionMessage)
    return {
      kind: "reaction",
      emoji: m.reactionMessage.text ?? "",
      targetWaMessageId: m.reactionMessage.key?.id ?? "",
    };
  const type = Object.keys(m).find((k) => !PLUMBING.has(k) && (m as Record<string, unknown>)[k] != null);
  return type ? { kind: "unsupported", waType: type.slice(0, 128) } : null;
}
