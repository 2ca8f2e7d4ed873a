import type {
  FleetEvent,
  RealtimeFrame,
  RealtimeFrameType,
  RealtimeFrameDataOf,
  WebhookPayload,
} from "@wharf/contracts";
import type { MessageRecord } from "../messages/records";

/** A realtime frame for `event`: same id (clients deduplicate on it), tenant and session. */
export function frameFor<T extends RealtimeFrameType>(
  event: FleetEvent,
  type: T,
  data: RealtimeFrameDataOf<T>,
  id: string = event.id,
): RealtimeFrame {
  return { v: 1, type, id, tenantId: event.tenantId, sessionId: event.sessionId, at: event.at, data } as RealtimeFrame;
}

/** The webhook body for `event`; `data` is the public projection, never internal records. */
export function payloadFor(event: FleetEvent, data: unknown, type: string = event.type): WebhookPayload {
  return { id: event.id, type, createdAt: event.at, tenantId: event.tenantId, sessionId: event.sessionId, data };
}

export function statusFrameData(m: MessageRecord): RealtimeFrameDataOf<"message:status"> {
  return {
    messageId: m.id as RealtimeFrameDataOf<"message:status">["messageId"],
    chatJid: m.chatJid,
    waMessageId: m.waMessageId,
    status: m.status,
    failureCode: m.failure?.code ?? null,
    failureReason: m.failure?.message ?? null,
  };
}
