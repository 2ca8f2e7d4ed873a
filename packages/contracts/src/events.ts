import { z } from "zod";
import { defineEvent } from "./envelope";
import { GROUP_EVENTS } from "./group-events";
import { MessageId } from "./ids";
import { MessageContent } from "./message-content";
import { ChatPresenceEvent, MessageActionFailedEvent, MessageUpdatedEvent } from "./message-events";
import { OperationCompletedEvent } from "./operations";
import { DisconnectInfo, SessionHealth, SessionStatus } from "./sessions";

/** One schema per event type (fleet → control, Events.fifo, MessageGroupId = sessionId). */
export const SessionStatusEvent = defineEvent(
  "session.status",
  z
    .object({
      status: SessionStatus,
      phone: z.string().nullable().optional(),
      /** the linked account's push name (absent from older producers) */
      accountName: z.string().max(256).nullable().optional(),
      disconnect: DisconnectInfo.nullable().optional(),
      /** the owner's health counters at the time of the change (absent from older producers) */
      health: SessionHealth.optional(),
    })
    .strict(),
);
export type SessionStatusEvent = z.infer<typeof SessionStatusEvent>;

/** A QR code to scan; a new one replaces it before `expiresAt`. */
export const SessionQrEvent = defineEvent(
  "session.qr",
  z
    .object({
      qr: z.string().min(1).max(2048),
      expiresAt: z.string().datetime(),
    })
    .strict(),
);
export type SessionQrEvent = z.infer<typeof SessionQrEvent>;

/** The 8-character code to type on the phone (Linked devices → Link with phone number). */
export const SessionPairingCodeEvent = defineEvent(
  "session.pairing_code",
  z
    .object({
      code: z.string().regex(/^[0-9A-Z]{8}$/, { message: "8 characters, digits and capital letters" }),
      expiresAt: z.string().datetime(),
    })
    .strict(),
);
export type SessionPairingCodeEvent = z.infer<typeof SessionPairingCodeEvent>;

/** More than the threshold of reconnects inside the health window (DESIGN §4). */
export const SessionUnstableEvent = defineEvent(
  "session.unstable",
  z
    .object({
      reconnectsLast5m: z.number().int().nonnegative(),
      reconnectCount: z.number().int().nonnegative(),
      lastDisconnect: DisconnectInfo.nullable(),
    })
    .strict(),
);
export type SessionUnstableEvent = z.infer<typeof SessionUnstableEvent>;

export const MessageReceivedEvent = defineEvent(
  "message.received",
  z
    .object({
      /** WhatsApp's message id (unique per chat and sender) */
      waMessageId: z.string().min(1),
      /** the chat: the sender for 1:1 chats, the group for groups */
      chatJid: z.string().min(1),
      /** who sent it (a user or LID JID) */
      senderJid: z.string().min(1),
      /** the sender's phone digits when WhatsApp told them */
      senderPhone: z.string().nullable(),
      pushName: z.string().nullable(),
      sentAt: z.string().datetime(),
      content: MessageContent,
    })
    .strict(),
);
export type MessageReceivedEvent = z.infer<typeof MessageReceivedEvent>;

export const OUTBOUND_MESSAGE_STATUSES = ["sent", "delivered", "read", "failed"] as const;
export const OutboundMessageStatus = z.enum(OUTBOUND_MESSAGE_STATUSES);
export type OutboundMessageStatus = z.infer<typeof OutboundMessageStatus>;

/**
 * Machine words a send fails with (media sources add their own, see media.ts). `send_timeout`:
 * not sent within the hold after the API accepted it (WHARF_SEND_HOLD_MS, e.g. its worker died
 * and no successor ran it in time); it is never sent late. `recipient_decrypt_failed`: the
 * recipient's phone still could not decrypt it after it was sent again with a new session.
 */
export const MESSAGE_FAILURE_CODES = [
  "rate_limited",
  "daily_cap",
  "invalid_recipient",
  "session_not_open",
  "send_failed",
  "send_interrupted",
  "send_timeout",
  "recipient_decrypt_failed",
  "enqueue_failed",
  "media_unavailable",
] as const;
export const MessageFailureCode = z.enum(MESSAGE_FAILURE_CODES);
export type MessageFailureCode = z.infer<typeof MessageFailureCode>;

export const MessageFailure = z
  .object({
    /** machine word: one of MESSAGE_FAILURE_CODES, or a media source's own */
    code: z.string().min(1),
    message: z.string(),
    retryAfterSeconds: z.number().int().positive().optional(),
  })
  .strict();
export type MessageFailure = z.infer<typeof MessageFailure>;

/** Progress of a message this session sent: sent → delivered → read, or failed with a reason. */
export const MessageStatusEvent = defineEvent(
  "message.status",
  z
    .object({
      /** Wharf's id of the message; null for messages not sent through Wharf (e.g. from the phone) */
      messageId: MessageId.nullable(),
      waMessageId: z.string().min(1).nullable(),
      status: OutboundMessageStatus,
      failure: MessageFailure.optional(),
    })
    .strict()
    .refine((d) => (d.status === "failed") === (d.failure !== undefined), {
      message: "failure is given exactly when status is failed",
      path: ["failure"],
    }),
);
export type MessageStatusEvent = z.infer<typeof MessageStatusEvent>;

export const ContactInfo = z
  .object({
    jid: z.string().min(1),
    lid: z.string().nullable(),
    phone: z.string().nullable(),
    /** the name saved in the account's address book */
    name: z.string().nullable(),
    /** the name the contact chose for themselves */
    notify: z.string().nullable(),
  })
  .strict();
export type ContactInfo = z.infer<typeof ContactInfo>;

export const MAX_CONTACTS_PER_EVENT = 100;

export const ContactsUpsertEvent = defineEvent(
  "contacts.upsert",
  z.object({ contacts: z.array(ContactInfo).min(1).max(MAX_CONTACTS_PER_EVENT) }).strict(),
);
export type ContactsUpsertEvent = z.infer<typeof ContactsUpsertEvent>;

export const FleetEvent = z.discriminatedUnion("type", [
  SessionStatusEvent,
  SessionQrEvent,
  SessionPairingCodeEvent,
  SessionUnstableEvent,
  MessageReceivedEvent,
  MessageStatusEvent,
  ContactsUpsertEvent,
  MessageUpdatedEvent,
  ChatPresenceEvent,
  MessageActionFailedEvent,
  OperationCompletedEvent,
  ...GROUP_EVENTS,
]);
export type FleetEvent = z.infer<typeof FleetEvent>;
export type FleetEventType = FleetEvent["type"];
