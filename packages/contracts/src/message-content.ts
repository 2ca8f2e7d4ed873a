import { z } from "zod";
import { MessageId } from "./ids";
import { MediaDescriptor } from "./media";

/**
 * What a message holds, as the fleet reports it (inbound) and the stores keep it (both ways).
 * Discriminated on `kind`; media kinds carry the file's descriptor fields inline. Anything
 * WhatsApp sends that Wharf does not model is `unsupported` with WhatsApp's own type name:
 * never dropped.
 */

export const QUOTE_PREVIEW_MAX = 200;

/** Chat presence this account can show: "typing…", "recording audio…", or neither. */
export const PRESENCE_STATES = ["composing", "recording", "paused"] as const;
export const PresenceState = z.enum(PRESENCE_STATES);
export type PresenceState = z.infer<typeof PresenceState>;

/** The message this one replies to. `messageId` is Wharf's id when the quoted one is stored. */
export const QuotedMessage = z
  .object({
    waMessageId: z.string().min(1).max(256),
    messageId: MessageId.nullable().optional(),
    /** who wrote the quoted message; null when it was this account */
    senderJid: z.string().max(256).nullable(),
    /** the start of its text or caption, or its kind in words */
    preview: z.string().max(QUOTE_PREVIEW_MAX).nullable(),
  })
  .strict();
export type QuotedMessage = z.infer<typeof QuotedMessage>;

const replyable = { quoted: QuotedMessage.optional() };
const media = MediaDescriptor.shape;
const caption = z.string().max(4096).nullable().optional();

export const TextContent = z.object({ kind: z.literal("text"), text: z.string(), ...replyable }).strict();
export const ImageContent = z.object({ kind: z.literal("image"), caption, ...media, ...replyable }).strict();
export const VideoContent = z
  .object({ kind: z.literal("video"), caption, gif: z.boolean().optional(), ...media, ...replyable })
  .strict();
export const AudioContent = z
  .object({ kind: z.literal("audio"), voiceNote: z.boolean().optional(), ...media, ...replyable })
  .strict();
export const DocumentContent = z.object({ kind: z.literal("document"), caption, ...media, ...replyable }).strict();
export const StickerContent = z
  .object({ kind: z.literal("sticker"), animated: z.boolean().optional(), ...media, ...replyable })
  .strict();
export const LocationContent = z
  .object({
    kind: z.literal("location"),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().max(1024).nullable().optional(),
    address: z.string().max(1024).nullable().optional(),
    ...replyable,
  })
  .strict();

export const MAX_VCARD_LENGTH = 16_384;
export const MAX_CONTACT_CARDS = 10;

export const ContactCard = z
  .object({
    displayName: z.string().max(1024).nullable(),
    vcard: z.string().max(MAX_VCARD_LENGTH),
  })
  .strict();
export type ContactCard = z.infer<typeof ContactCard>;

export const ContactContent = z
  .object({
    kind: z.literal("contact"),
    contacts: z.array(ContactCard).min(1).max(MAX_CONTACT_CARDS),
    ...replyable,
  })
  .strict();

/**
 * A reaction as its own message. Stores attach reactions to their target instead (see
 * MessageReaction); this kind is what a producer reports when it sees one arrive.
 * An empty `emoji` removes the sender's reaction.
 */
export const ReactionContent = z
  .object({ kind: z.literal("reaction"), emoji: z.string().max(32), targetWaMessageId: z.string() })
  .strict();

/** `waType` is WhatsApp's name for it, e.g. pollCreationMessage. */
export const UnsupportedContent = z
  .object({ kind: z.literal("unsupported"), waType: z.string().min(1).max(128), ...replyable })
  .strict();

export const MessageContent = z.discriminatedUnion("kind", [
  TextContent,
  ImageContent,
  VideoContent,
  AudioContent,
  DocumentContent,
  StickerContent,
  LocationContent,
  ContactContent,
  ReactionContent,
  UnsupportedContent,
]);
export type MessageContent = z.infer<typeof MessageContent>;
export type MessageContentKind = MessageContent["kind"];

/** A message deleted for everyone: its content is gone, the tombstone stays in the chat. */
export const DeletedContent = z.object({ kind: z.literal("deleted") }).strict();

/** What a stored (and listed) message holds: any content, or a tombstone. */
export const StoredMessageContent = z.discriminatedUnion("kind", [...MessageContent.options, DeletedContent]);
export type StoredMessageContent = z.infer<typeof StoredMessageContent>;

/** One person's current reaction to a message; each sender has at most one. */
export const MessageReaction = z
  .object({
    emoji: z.string().min(1).max(32),
    /** the reacting JID; null when this account reacted */
    senderJid: z.string().max(256).nullable(),
    at: z.string().datetime(),
  })
  .strict();
export type MessageReaction = z.infer<typeof MessageReaction>;
