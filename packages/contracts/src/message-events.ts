import { z } from "zod";
import { defineEvent } from "./envelope";
import { MediaDescriptor } from "./media";

/**
 * Changes to a message already reported (fleet → control, Events.fifo): an edit, a delete for
 * everyone, a reaction, or its file stored after the message arrived. The target is named by
 * WhatsApp's id within its chat; `fromMe` says whether this account wrote the target.
 */
const target = {
  chatJid: z.string().min(1).max(256),
  waMessageId: z.string().min(1).max(256),
  fromMe: z.boolean(),
};

export const MessageChange = z.discriminatedUnion("change", [
  z
    .object({ change: z.literal("edited"), ...target, text: z.string().max(65_536), at: z.string().datetime() })
    .strict(),
  z.object({ change: z.literal("deleted"), ...target, at: z.string().datetime() }).strict(),
  z
    .object({
      change: z.literal("reaction"),
      ...target,
      /** who reacted; null when this account did (e.g. from the phone) */
      senderJid: z.string().min(1).max(256).nullable(),
      /** empty: the sender removed their reaction */
      emoji: z.string().max(32),
      at: z.string().datetime(),
    })
    .strict(),
  z.object({ change: z.literal("media"), ...target, media: MediaDescriptor }).strict(),
]);
export type MessageChange = z.infer<typeof MessageChange>;

export const MessageUpdatedEvent = defineEvent("message.updated", MessageChange);
export type MessageUpdatedEvent = z.infer<typeof MessageUpdatedEvent>;

/** A contact's presence in a chat (typing, recording, stopped, online, offline). */
export const CHAT_PRESENCE_STATES = ["composing", "recording", "paused", "available", "unavailable"] as const;

export const ChatPresenceEvent = defineEvent(
  "chat.presence",
  z
    .object({
      chatJid: z.string().min(1).max(256),
      /** who: the contact in 1:1 chats, a participant in groups */
      participantJid: z.string().min(1).max(256),
      state: z.enum(CHAT_PRESENCE_STATES),
      at: z.string().datetime(),
    })
    .strict(),
);
export type ChatPresenceEvent = z.infer<typeof ChatPresenceEvent>;
