import { z } from "zod";
import { GroupUpdatedFrameData } from "./group-events";
import { MessageId, SessionId, TenantId } from "./ids";
import { ChatPresenceEvent, MessageActionFailure } from "./message-events";
import { Message, MessageStatus } from "./messages";
import { DisconnectInfo, SessionHealth, SessionStatus } from "./sessions";

/** Realtime frame types the dashboard receives over the WebSocket (DESIGN §5). */
export const REALTIME_FRAME_TYPES = [
  "connection:qr",
  "connection:status",
  "connection:error",
  "message:new",
  "message:status",
  "message:updated",
  "chat:presence",
  "message:action_failed",
  "group:updated",
] as const;
export const RealtimeFrameType = z.enum(REALTIME_FRAME_TYPES);
export type RealtimeFrameType = z.infer<typeof RealtimeFrameType>;

/** Envelope of every frame; `data` is typed per frame type by the data-path capability. */
export const RealtimeFrameEnvelope = z.object({
  v: z.literal(1),
  type: RealtimeFrameType,
  id: z.string().describe("id of the event that produced this frame, for client de-duplication"),
  tenantId: TenantId,
  sessionId: SessionId,
  at: z.string().datetime(),
  data: z.unknown(),
});
export type RealtimeFrameEnvelope = z.infer<typeof RealtimeFrameEnvelope>;

/* ---- frame data, one schema per frame type ---- */

/** `connection:qr`: a QR code to scan or a pairing code to type, with its expiry. */
export const ConnectionQrFrameData = z.object({
  qr: z.string().nullable(),
  pairingCode: z.string().nullable(),
  expiresAt: z.string().datetime(),
});
export type ConnectionQrFrameData = z.infer<typeof ConnectionQrFrameData>;

/** `connection:status`: the session's observed status after a change. */
export const ConnectionStatusFrameData = z.object({
  status: SessionStatus,
  phone: z.string().nullable(),
  /** the linked account's push name; absent from older servers */
  accountName: z.string().max(256).nullable().optional(),
  lastDisconnect: DisconnectInfo.nullable(),
  health: SessionHealth.nullable(),
});
export type ConnectionStatusFrameData = z.infer<typeof ConnectionStatusFrameData>;

/** `connection:error`: the session stopped (failed, logged out) or became unstable. */
export const ConnectionErrorFrameData = DisconnectInfo.extend({
  status: SessionStatus.nullable(),
  reconnectsLast5m: z.number().int().nonnegative().nullable(),
});
export type ConnectionErrorFrameData = z.infer<typeof ConnectionErrorFrameData>;

/** `message:new`: a message as `GET /v1/sessions/{id}/messages/{msgId}` returns it. */
export const MessageNewFrameData = Message;
export type MessageNewFrameData = z.infer<typeof MessageNewFrameData>;

/** `message:status`: progress of a message this session sent. */
export const MessageStatusFrameData = z.object({
  messageId: MessageId,
  chatJid: z.string().nullable(),
  waMessageId: z.string().nullable(),
  status: MessageStatus,
  failureCode: z.string().nullable(),
  failureReason: z.string().nullable(),
});
export type MessageStatusFrameData = z.infer<typeof MessageStatusFrameData>;

/** `message:updated`: a stored message after an edit, a delete, a reaction or its file arriving. */
export const MessageUpdatedFrameData = Message;
export type MessageUpdatedFrameData = z.infer<typeof MessageUpdatedFrameData>;

/** `chat:presence`: a contact typing, recording or stopping in a chat (not stored). */
export const ChatPresenceFrameData = ChatPresenceEvent.shape.data;
export type ChatPresenceFrameData = z.infer<typeof ChatPresenceFrameData>;

/** `message:action_failed`: an edit, delete, reaction, read receipt or presence that did not happen, and why. */
export const MessageActionFailedFrameData = MessageActionFailure;
export type MessageActionFailedFrameData = z.infer<typeof MessageActionFailedFrameData>;

export const REALTIME_FRAME_DATA = {
  "connection:qr": ConnectionQrFrameData,
  "connection:status": ConnectionStatusFrameData,
  "connection:error": ConnectionErrorFrameData,
  "message:new": MessageNewFrameData,
  "message:status": MessageStatusFrameData,
  "message:updated": MessageUpdatedFrameData,
  "chat:presence": ChatPresenceFrameData,
  "message:action_failed": MessageActionFailedFrameData,
  "group:updated": GroupUpdatedFrameData,
} as const satisfies Record<RealtimeFrameType, z.ZodTypeAny>;

export type RealtimeFrameDataOf<T extends RealtimeFrameType> = z.infer<(typeof REALTIME_FRAME_DATA)[T]>;

/** A frame with its data typed by its type. */
export type RealtimeFrame = {
  [T in RealtimeFrameType]: Omit<RealtimeFrameEnvelope, "type" | "data"> & { type: T; data: RealtimeFrameDataOf<T> };
}[RealtimeFrameType];

/** `POST /v1/realtime/tokens`: a short-lived token for the WebSocket `?token=` query. */
export const RealtimeTokenBody = z.object({}).strict();
export const RealtimeToken = z.object({
  token: z.string(),
  expiresAt: z.string().datetime(),
  /** WebSocket URL to open with `?token=<token>`; null when the server does not know it */
  url: z.string().nullable(),
});
export type RealtimeToken = z.infer<typeof RealtimeToken>;
