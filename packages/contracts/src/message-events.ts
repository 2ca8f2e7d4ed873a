import { z } from "zod";
import { defineEvent } from "./envelope";
import { MessageId } from "./ids";
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

/** The verbs whose outcome WhatsApp decides after the API answered 202. */
export const MESSAGE_ACTIONS = ["edit", "delete", "reaction", "read", "presence"] as const;
export const MessageAction = z.enum(MESSAGE_ACTIONS);
export type MessageAction = z.infer<typeof MessageAction>;

/**
 * Why an action did not happen (closed list):
 * - session_not_open: the session was not connected when the command ran, or closed while it waited
 * - target_not_found: WhatsApp knows no such message in the chat
 * - not_own_message: an edit or delete for everyone of a message this account did not send
 * - not_editable: an edit of a message that is no text
 * - edit_window_expired / delete_window_expired: WhatsApp's windows (15 min / about 2 days) passed
 * - whatsapp_refused: WhatsApp refused with another error (its code is in the reason)
 * - timeout: WhatsApp did not confirm the action in time (it may still have taken it)
 * - send_failed: the connection could not send it
 */
export const MESSAGE_ACTION_FAILURE_CODES = [
  "session_not_open",
  "target_not_found",
  "not_own_message",
  "not_editable",
  "edit_window_expired",
  "delete_window_expired",
  "whatsapp_refused",
  "timeout",
  "send_failed",
] as const;
export const MessageActionFailureCode = z.enum(MESSAGE_ACTION_FAILURE_CODES);
export type MessageActionFailureCode = z.infer<typeof MessageActionFailureCode>;

export const MessageActionFailure = z
  .object({
    action: MessageAction,
    /** Wharf's id of the message acted on; null for presence, or when Wharf does not store it */
    messageId: MessageId.nullable(),
    chatJid: z.string().min(1).max(256),
    /** WhatsApp's id of the message acted on (read: the first of the keys); null for presence */
    waMessageId: z.string().min(1).max(256).nullable(),
    code: MessageActionFailureCode,
    reason: z.string().min(1).max(1000),
  })
  .strict();
export type MessageActionFailure = z.infer<typeof MessageActionFailure>;

/** An edit, delete, reaction, read receipt or presence the owner could not carry out. */
export const MessageActionFailedEvent = defineEvent("message.action_failed", MessageActionFailure);
export type MessageActionFailedEvent = z.infer<typeof MessageActionFailedEvent>;
