import { z } from "zod";
import { MAX_TEXT_LENGTH } from "./commands";
import { MediaId, MessageId } from "./ids";
import { MAX_CONTACT_CARDS, MAX_VCARD_LENGTH, PresenceState } from "./message-content";
import { MediaFileName } from "./media";
import { Recipient } from "./messages";

/**
 * `POST /v1/sessions/{id}/messages`: one body, a discriminated union on `type`. A body
 * without `type` is a text (the first version of the API had only text). Every kind but a
 * reaction takes `replyTo`, the Wharf id of a message of the same chat to quote.
 */

export const MAX_CAPTION_LENGTH = 4096;

const replyTo = MessageId.optional().describe("Wharf id of a message of this chat to reply to (quote)");

/** An https URL the worker fetches (behind the same SSRF guard as webhooks). */
export const MediaUrl = z
  .string()
  .max(2048)
  .url()
  .refine((u) => u.toLowerCase().startsWith("https://"), { message: "media URLs must use https" });

/** Where the file comes from: an upload (`POST /v1/media`) or an https URL; exactly one. */
const source = {
  mediaId: MediaId.optional().describe("from POST /v1/media, uploaded"),
  url: MediaUrl.optional().describe("https URL the worker downloads"),
};

function oneSource<T extends { mediaId?: string; url?: string }>(d: T, ctx: z.RefinementCtx): void {
  if ((d.mediaId === undefined) === (d.url === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [d.mediaId === undefined ? "mediaId" : "url"],
      message: "give exactly one of mediaId and url",
    });
  }
}

const caption = z.string().min(1).max(MAX_CAPTION_LENGTH).optional();

export const SendTextBody = z
  .object({
    type: z.literal("text").default("text"),
    to: Recipient,
    text: z.string().min(1).max(MAX_TEXT_LENGTH),
    replyTo,
  })
  .strict();
export type SendTextBody = z.infer<typeof SendTextBody>;

export const SendImageBody = z
  .object({ type: z.literal("image"), to: Recipient, ...source, caption, replyTo })
  .strict()
  .superRefine(oneSource);
export const SendVideoBody = z
  .object({ type: z.literal("video"), to: Recipient, ...source, caption, replyTo })
  .strict()
  .superRefine(oneSource);
export const SendAudioBody = z
  .object({
    type: z.literal("audio"),
    to: Recipient,
    ...source,
    /** shown as a voice note (push-to-talk) rather than an audio file */
    voiceNote: z.boolean().optional(),
    replyTo,
  })
  .strict()
  .superRefine(oneSource);
export const SendDocumentBody = z
  .object({
    type: z.literal("document"),
    to: Recipient,
    ...source,
    /** the name the recipient sees; default: the upload's file name, else "document" */
    fileName: MediaFileName.optional(),
    caption,
    replyTo,
  })
  .strict()
  .superRefine(oneSource);
export const SendStickerBody = z
  .object({ type: z.literal("sticker"), to: Recipient, ...source, replyTo })
  .strict()
  .superRefine(oneSource);

export const SendLocationBody = z
  .object({
    type: z.literal("location"),
    to: Recipient,
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().min(1).max(1024).optional(),
    address: z.string().min(1).max(1024).optional(),
    replyTo,
  })
  .strict();

/** One vCard 3.0 text (BEGIN:VCARD … END:VCARD). */
export const VCard = z
  .string()
  .max(MAX_VCARD_LENGTH)
  .refine((v) => /^\s*BEGIN:VCARD\r?\n[\s\S]*\r?\nEND:VCARD\s*$/i.test(v), {
    message: "a vCard from BEGIN:VCARD to END:VCARD",
  });

export const SendContactBody = z
  .object({
    type: z.literal("contact"),
    to: Recipient,
    contacts: z
      .array(z.object({ vcard: VCard, displayName: z.string().min(1).max(1024).optional() }).strict())
      .min(1)
      .max(MAX_CONTACT_CARDS),
    replyTo,
  })
  .strict();

/** React to a message of the chat `to`; an empty emoji removes this account's reaction. */
export const SendReactionBody = z
  .object({
    type: z.literal("reaction"),
    to: Recipient,
    messageId: MessageId.describe("Wharf id of the message reacted to"),
    emoji: z.string().max(32),
  })
  .strict();

export const SendMessageBody = z.discriminatedUnion("type", [
  SendTextBody,
  SendImageBody,
  SendVideoBody,
  SendAudioBody,
  SendDocumentBody,
  SendStickerBody,
  SendLocationBody,
  SendContactBody,
  SendReactionBody,
]);
export type SendMessageBody = z.infer<typeof SendMessageBody>;
export type SendMessageType = SendMessageBody["type"];
export type SendMediaBody = Extract<SendMessageBody, { type: "image" | "video" | "audio" | "document" | "sticker" }>;

/** `POST /v1/sessions/{id}/messages/{msgId}/edit`: replace the text of a text this account sent. */
export const EditMessageBody = z.object({ text: z.string().min(1).max(MAX_TEXT_LENGTH) }).strict();
export type EditMessageBody = z.infer<typeof EditMessageBody>;

/**
 * `POST /v1/sessions/{id}/read`: send read receipts for a chat's newest unread messages, or
 * for the listed messages of that chat (all inbound).
 */
export const MAX_READ_MESSAGE_IDS = 100;
export const MarkReadBody = z
  .object({
    chat: Recipient,
    messageIds: z.array(MessageId).min(1).max(MAX_READ_MESSAGE_IDS).optional(),
  })
  .strict();
export type MarkReadBody = z.infer<typeof MarkReadBody>;

/** `POST /v1/sessions/{id}/presence`: "typing…", "recording audio…" or stop, in one chat. */
export const SendPresenceBody = z.object({ chat: Recipient, state: PresenceState }).strict();
export type SendPresenceBody = z.infer<typeof SendPresenceBody>;

/** 202 answer of edit, delete, read and presence: the command is on its way to the owner. */
export const ActionAccepted = z.object({ status: z.literal("accepted") });
export type ActionAccepted = z.infer<typeof ActionAccepted>;
