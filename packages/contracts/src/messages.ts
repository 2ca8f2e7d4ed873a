import { z } from "zod";
import { MessageId, SessionId } from "./ids";
import { MessageReaction, StoredMessageContent } from "./message-content";

/** Messaging REST shapes; the send bodies are in message-sends.ts. */
export const Recipient = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .describe("phone number with country code, or a JID (@s.whatsapp.net, @lid, @g.us)");

/** 202 answer of a send: the message is queued for the session's owner. */
export const SendAccepted = z.object({ id: MessageId, status: z.literal("queued") });
export type SendAccepted = z.infer<typeof SendAccepted>;

/** `Idempotency-Key` header: printable ASCII, no spaces at the ends. */
export const IdempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/, { message: "1-255 printable ASCII characters" });

/** Outbound: queued → sent → delivered → read, or failed. Inbound messages are `received`. */
export const MESSAGE_STATUSES = ["queued", "sent", "delivered", "read", "failed", "received"] as const;
export const MessageStatus = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const MessageDirection = z.enum(["in", "out"]);
export type MessageDirection = z.infer<typeof MessageDirection>;

export const Message = z.object({
  id: MessageId,
  sessionId: SessionId,
  chatJid: z.string(),
  direction: MessageDirection,
  /** the content kind: text, image, …, unsupported, deleted */
  type: z.string(),
  /** the text, or a media caption; null for content without text */
  text: z.string().nullable(),
  content: StoredMessageContent,
  /** the text was edited after it was sent */
  edited: z.boolean().optional(),
  editedAt: z.string().datetime().optional(),
  /** deleted for everyone: `content` is then a tombstone ({kind: "deleted"}) */
  deleted: z.boolean().optional(),
  deletedAt: z.string().datetime().optional(),
  /** current reactions, one per sender */
  reactions: z.array(MessageReaction).optional(),
  status: MessageStatus,
  /** machine word when status is failed (rate_limited, daily_cap, send_failed, …) */
  failureCode: z.string().nullable(),
  failureReason: z.string().nullable(),
  waMessageId: z.string().nullable(),
  /** sender JID of inbound messages; null for outbound */
  from: z.string().nullable(),
  /**
   * the sender's phone (E.164 digits) when WhatsApp told it, e.g. a group member known by a LID;
   * null otherwise. Defaults to null so frames from a producer older than the field still parse.
   */
  fromPhone: z.string().nullable().default(null),
  pushName: z.string().nullable(),
  /** when the message was sent (outbound: accepted) */
  timestamp: z.string().datetime(),
  updatedAt: z.string().datetime(),
});
export type Message = z.infer<typeof Message>;

export const Chat = z.object({
  jid: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  unreadCount: z.number().int().nonnegative(),
  lastMessageAt: z.string().datetime().nullable(),
  lastMessageText: z.string().nullable(),
  lastMessageDirection: MessageDirection.nullable(),
  /** set for groups: the subject and member count as last read from WhatsApp (null: not a group, or not known yet) */
  group: z.object({ subject: z.string(), participantCount: z.number().int().nonnegative() }).nullable().optional(),
});
export type Chat = z.infer<typeof Chat>;

export const Contact = z.object({
  jid: z.string(),
  lid: z.string().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  notify: z.string().nullable(),
  updatedAt: z.string().datetime(),
});
export type Contact = z.infer<typeof Contact>;
