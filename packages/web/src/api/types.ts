/**
 * Shapes of the data-path API (issue 5) that @wharf/contracts does not define yet. They are
 * the dashboard's proposal; when contracts gains the real schemas these become re-exports.
 * Everything already in contracts (Session, ApiKey, Page, …) is imported from there.
 */
import type { DisconnectInfo, Session, SessionStatus } from "@wharf/contracts";

export type { ApiKey, CreatedApiKey, DisconnectInfo, HealthBody, Page, Session, SessionStatus } from "@wharf/contracts";

/** POST /v1/sessions/{id}/connect body. */
export type ConnectBody = { method: "qr" } | { method: "pairing_code"; phone: string };

/** Answer of connect/disconnect/logout: the session as it is after the request (202 or 200). */
export type SessionControlResult = Session;

/** GET /v1/sessions/{id}/qr and the data of a `connection:qr` frame. */
export interface LinkCredentials {
  /** the QR payload to render; null while none is current */
  qr: string | null;
  /** server-rendered PNG data URL of the same QR (the dashboard renders its own) */
  dataUrl?: string | null;
  /** 8-character pairing code when the pairing-code method is in progress */
  pairingCode?: string | null;
  expiresAt: string | null;
}

export const MESSAGE_STATUSES = ["queued", "sent", "delivered", "read", "failed"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export interface Message {
  id: string;
  sessionId: string;
  /** the conversation: a user, LID or group JID */
  chatJid: string;
  direction: "in" | "out";
  type: "text" | string;
  text: string | null;
  status: MessageStatus;
  /** plain words when status is failed */
  failureReason?: string | null;
  /** sender's display name for inbound messages */
  pushName?: string | null;
  /** when the message was sent or received (ISO) */
  timestamp: string;
}

export interface Chat {
  jid: string;
  name: string | null;
  /** digits, when the chat is a phone-number user */
  phone?: string | null;
  unreadCount: number;
  lastMessageAt: string | null;
  lastMessageText?: string | null;
  lastMessageDirection?: "in" | "out" | null;
}

export interface SendTextBody {
  to: string;
  type: "text";
  text: string;
}

/** 202 answer of POST /v1/sessions/{id}/messages. */
export interface SendAccepted {
  id: string;
  status: "queued";
}

/** Webhook event names a tenant can subscribe to (must match the data-path capability). */
export const WEBHOOK_EVENTS = ["session.status", "message.new", "message.status"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  /** null = every session */
  sessionIds: string[] | null;
  createdAt: string;
}

export interface CreatedWebhook extends Webhook {
  /** signing secret, shown only in the create response */
  secret: string;
}

export interface CreateWebhookBody {
  url: string;
  events: string[];
  sessionIds?: string[];
}

export type DeliveryStatus = "pending" | "succeeded" | "failed" | "dead";

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  /** HTTP status of the last attempt, null when it never got one */
  responseStatus: number | null;
  error?: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt?: string | null;
}

/** POST /v1/realtime/tokens answer. */
export interface RealtimeToken {
  token: string;
  expiresAt: string;
  /** WebSocket URL to connect to; the client appends ?token=… */
  url?: string | null;
}

/** Sim mode only: a virtual phone of the WhatsApp simulator. */
export interface DemoPhone {
  id: string;
  phone: string;
  name: string;
  linked: boolean;
  online: boolean;
}

export interface DemoState {
  sim: true;
  phones: DemoPhone[];
}

/** A session's status in a realtime `connection:status` frame. */
export interface SessionStatusUpdate {
  status: SessionStatus;
  phone?: string | null;
  lastDisconnect?: DisconnectInfo | null;
  health?: Session["health"];
}
