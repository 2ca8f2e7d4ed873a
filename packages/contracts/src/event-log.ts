import { z } from "zod";
import { DeliveryId } from "./webhooks";
import { MessageId, SessionId, WebhookId } from "./ids";
import { MessageActionFailure } from "./message-events";
import { DisconnectInfo, SessionStatus } from "./sessions";

/**
 * The tenant's event log (`GET /v1/events`): what happened to its sessions, sends and webhooks
 * recently, newest first, so "why did my number disconnect at 3 am?" has an answer. Entries
 * are kept 30 days.
 */
export const EVENT_LOG_TYPES = [
  "session.status",
  "session.unstable",
  "message.failed",
  "message.action_failed",
  "webhook.failed",
] as const;
export const EventLogType = z.enum(EVENT_LOG_TYPES);
export type EventLogType = z.infer<typeof EventLogType>;
export const EVENT_LOG_RETENTION_DAYS = 30;

const entry = <T extends EventLogType, D extends z.ZodTypeAny>(type: T, data: D) =>
  z.object({
    /** the fleet event's id (the same id as its realtime frame), or the failed attempt's id */
    id: z.string(),
    type: z.literal(type),
    sessionId: SessionId.nullable(),
    at: z.string().datetime(),
    data,
  });

export const EventLogEntry = z.discriminatedUnion("type", [
  entry("session.status", z.object({ status: SessionStatus, lastDisconnect: DisconnectInfo.nullable() })),
  entry(
    "session.unstable",
    z.object({ reconnectsLast5m: z.number().int().nonnegative(), lastDisconnect: DisconnectInfo.nullable() }),
  ),
  entry(
    "message.failed",
    z.object({
      messageId: MessageId,
      chatJid: z.string().nullable(),
      code: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  entry("message.action_failed", MessageActionFailure),
  entry(
    "webhook.failed",
    z.object({
      webhookId: WebhookId,
      deliveryId: DeliveryId,
      eventType: z.string(),
      attempts: z.number().int().nonnegative(),
      responseStatus: z.number().int().nullable(),
      error: z.string().nullable(),
      /** true when retries are over and the delivery was dead-lettered */
      dead: z.boolean(),
    }),
  ),
]);
export type EventLogEntry = z.infer<typeof EventLogEntry>;
export type EventLogEntryOf<T extends EventLogType> = Extract<EventLogEntry, { type: T }>;

/** `GET /v1/events` query: a page, optionally only one session and/or one type. */
export const EventLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional().describe("opaque cursor from a previous page's nextCursor"),
  sessionId: SessionId.optional().describe("only this session's events (another tenant's session is a 404)"),
  type: EventLogType.optional(),
});
export type EventLogQuery = z.infer<typeof EventLogQuery>;
