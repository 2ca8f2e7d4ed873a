import { z } from "zod";
import { defineCommand } from "./envelope";
import { MediaId, MessageId } from "./ids";
import { MediaKind } from "./media";
import { ContactCard, PresenceState, QUOTE_PREVIEW_MAX } from "./message-content";

/**
 * Commands for the verbs beyond plain text (control → the owner's Inbox.fifo). Control has
 * resolved every Wharf id to WhatsApp's key already, so the worker needs no lookup. Media
 * never travels in a command: an uploaded file is named by its key in the media bucket.
 */

const Jid = z.string().min(1).max(256);

/** A WhatsApp message key: enough for Baileys to quote, react to, edit, delete or read it. */
export const WaMessageKey = z
  .object({
    chatJid: Jid,
    waMessageId: z.string().min(1).max(256),
    /** sent by this account */
    fromMe: z.boolean(),
    /** the author in a group (participant); null in 1:1 chats and for fromMe */
    senderJid: Jid.nullable(),
  })
  .strict();
export type WaMessageKey = z.infer<typeof WaMessageKey>;

/** What Baileys needs to render a quote: the key and a text preview of the quoted message. */
export const QuoteRef = WaMessageKey.extend({ preview: z.string().max(QUOTE_PREVIEW_MAX).nullable() }).strict();
export type QuoteRef = z.infer<typeof QuoteRef>;

/** An uploaded file in the media bucket (checked by control: it exists, with this size and type). */
export const StoredMediaSource = z
  .object({
    kind: z.literal("upload"),
    mediaId: MediaId,
    key: z.string().min(1).max(1024),
    mimetype: z.string().min(1).max(255),
    size: z.number().int().positive(),
  })
  .strict();
/** A URL the worker downloads behind the SSRF guard, checking size and type itself. */
export const UrlMediaSource = z.object({ kind: z.literal("url"), url: z.string().url().max(2048) }).strict();
export const MediaSource = z.discriminatedUnion("kind", [StoredMediaSource, UrlMediaSource]);
export type MediaSource = z.infer<typeof MediaSource>;

const quoted = { quoted: QuoteRef.optional() };

/** What to send, resolved: discriminated on `type` like the REST body. */
export const OutboundContent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().min(1).max(65_536), ...quoted }).strict(),
  z
    .object({
      type: z.enum(["image", "video", "document"]),
      media: MediaSource,
      caption: z.string().max(4096).optional(),
      /** documents: the name the recipient sees */
      fileName: z.string().max(255).optional(),
      ...quoted,
    })
    .strict(),
  z.object({ type: z.literal("audio"), media: MediaSource, voiceNote: z.boolean(), ...quoted }).strict(),
  z.object({ type: z.literal("sticker"), media: MediaSource, ...quoted }).strict(),
  z
    .object({
      type: z.literal("location"),
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      name: z.string().max(1024).optional(),
      address: z.string().max(1024).optional(),
      ...quoted,
    })
    .strict(),
  z
    .object({
      type: z.literal("contact"),
      contacts: z.array(ContactCard).min(1).max(10),
      ...quoted,
    })
    .strict(),
  z
    .object({
      type: z.literal("reaction"),
      target: WaMessageKey,
      /** empty: remove this account's reaction */
      emoji: z.string().max(32),
    })
    .strict(),
]);
export type OutboundContent = z.infer<typeof OutboundContent>;
export type OutboundContentType = OutboundContent["type"];

/** Kinds whose content `media` names a file. */
export function isMediaContent(c: OutboundContent): c is Extract<OutboundContent, { media: unknown }> {
  return MediaKind.safeParse(c.type).success;
}

/**
 * Send any kind. Plain texts without a quote still go as `message.send_text`, so a worker of
 * the previous version keeps sending them during a rolling deploy.
 */
export const SendMessageCommand = defineCommand(
  "message.send",
  z
    .object({
      messageId: MessageId,
      /** the chat JID, normalized by control */
      to: Jid,
      content: OutboundContent,
    })
    .strict(),
);
export type SendMessageCommand = z.infer<typeof SendMessageCommand>;

/** Replace the text of a text this account sent. */
export const EditMessageCommand = defineCommand(
  "message.edit",
  z.object({ messageId: MessageId, target: WaMessageKey, text: z.string().min(1).max(65_536) }).strict(),
);
export type EditMessageCommand = z.infer<typeof EditMessageCommand>;

/** Delete for everyone (revoke) a message this account sent. */
export const DeleteMessageCommand = defineCommand(
  "message.delete",
  z.object({ messageId: MessageId, target: WaMessageKey }).strict(),
);
export type DeleteMessageCommand = z.infer<typeof DeleteMessageCommand>;

/** Send read receipts for these inbound messages (all of one chat). */
export const MarkReadCommand = defineCommand(
  "chat.mark_read",
  z.object({ chatJid: Jid, keys: z.array(WaMessageKey).min(1).max(100) }).strict(),
);
export type MarkReadCommand = z.infer<typeof MarkReadCommand>;

/** Show "typing…" / "recording audio…" in a chat, or stop showing it. */
export const SendPresenceCommand = defineCommand(
  "chat.presence",
  z.object({ chatJid: Jid, state: PresenceState }).strict(),
);
export type SendPresenceCommand = z.infer<typeof SendPresenceCommand>;
