import type {
  DisconnectInfo,
  EventLogEntry,
  EventLogEntryOf,
  MessageActionFailure,
  SessionStatus,
} from "@wharf/contracts";
import type { MessageRecord } from "../messages/records";
import type { WebhookDeliveryRecord } from "../webhooks/ports";

/** Builders of event-log entries, one per kind, so producers never assemble them by hand. */
export function sessionStatusEntry(
  e: { id: string; sessionId: string; at: string },
  status: SessionStatus,
  lastDisconnect: DisconnectInfo | null,
): EventLogEntry {
  return { id: e.id, type: "session.status", sessionId: e.sessionId, at: e.at, data: { status, lastDisconnect } };
}

export function sessionUnstableEntry(
  e: { id: string; sessionId: string; at: string },
  reconnectsLast5m: number,
  lastDisconnect: DisconnectInfo | null,
): EventLogEntry {
  return {
    id: e.id,
    type: "session.unstable",
    sessionId: e.sessionId,
    at: e.at,
    data: { reconnectsLast5m, lastDisconnect },
  };
}

export function messageFailedEntry(e: { id: string; sessionId: string; at: string }, m: MessageRecord): EventLogEntry {
  const data: EventLogEntryOf<"message.failed">["data"] = {
    messageId: m.id as EventLogEntryOf<"message.failed">["data"]["messageId"],
    chatJid: m.chatJid,
    code: m.failure?.code ?? null,
    reason: m.failure?.message ?? null,
  };
  return { id: e.id, type: "message.failed", sessionId: e.sessionId, at: e.at, data };
}

export function actionFailedEntry(
  e: { id: string; sessionId: string; at: string },
  data: MessageActionFailure,
): EventLogEntry {
  return { id: e.id, type: "message.action_failed", sessionId: e.sessionId, at: e.at, data };
}

/** One entry per failed attempt that matters: the first failure and the dead-lettering. */
export function webhookFailedEntry(
  d: Pick<WebhookDeliveryRecord, "id" | "webhookId" | "eventType" | "sessionId">,
  attempt: { attempts: number; responseStatus: number | null; error: string | null; dead: boolean; at: Date },
): EventLogEntry {
  type Data = EventLogEntryOf<"webhook.failed">["data"];
  return {
    id: `${d.id}:${attempt.attempts}`,
    type: "webhook.failed",
    sessionId: d.sessionId as EventLogEntry["sessionId"],
    at: attempt.at.toISOString(),
    data: {
      webhookId: d.webhookId as Data["webhookId"],
      deliveryId: d.id as Data["deliveryId"],
      eventType: d.eventType,
      attempts: attempt.attempts,
      responseStatus: attempt.responseStatus,
      error: attempt.error,
      dead: attempt.dead,
    },
  };
}
