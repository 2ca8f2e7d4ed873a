import type { EventLogEntry, EventLogType, SessionStatus } from "../api/types";
import { actionFailureTitle } from "../chat/action-failures";
import type { Frame } from "../realtime/frames";
import { formatPhone, jidUser } from "../ui/format";

export const EVENT_TYPE_LABEL: Record<EventLogType, string> = {
  "session.status": "Status changes",
  "session.unstable": "Unstable sessions",
  "message.failed": "Failed sends",
  "message.action_failed": "Failed message actions",
  "webhook.failed": "Webhook failures",
};

const STATUS_WORD: Record<SessionStatus, string> = {
  created: "Created",
  connecting: "Connecting",
  qr: "Waiting for a QR scan",
  pairing: "Waiting for the pairing code",
  open: "Connected",
  reconnecting: "Reconnecting",
  disconnected: "Disconnected",
  logged_out: "Logged out",
  failed: "Failed",
};

/** Statuses whose entry explains itself without the last disconnect (which is then older news). */
const HEALTHY: readonly SessionStatus[] = ["created", "connecting", "qr", "pairing", "open"];

export type Tone = "success" | "warning" | "danger" | "neutral";

/** One line for people: what happened, and why when we know. */
export function describeEntry(e: EventLogEntry): { title: string; detail: string | null; tone: Tone } {
  switch (e.type) {
    case "session.status": {
      const d = e.data.lastDisconnect;
      const tone: Tone =
        e.data.status === "open"
          ? "success"
          : HEALTHY.includes(e.data.status)
            ? "neutral"
            : e.data.status === "reconnecting"
              ? "warning"
              : "danger";
      return {
        title: STATUS_WORD[e.data.status] ?? e.data.status,
        detail: d ? `${d.message} (${d.reason}${d.code !== null ? `, ${d.code}` : ""})` : null,
        tone,
      };
    }
    case "session.unstable":
      return {
        title: `Unstable: ${e.data.reconnectsLast5m} reconnects in 5 minutes`,
        detail: e.data.lastDisconnect
          ? `Last: ${e.data.lastDisconnect.message} (${e.data.lastDisconnect.reason})`
          : null,
        tone: "warning",
      };
    case "message.failed":
      return {
        title: `Send to ${e.data.chatJid ? formatPhone(jidUser(e.data.chatJid)) : "a contact"} failed`,
        detail: [e.data.reason, e.data.code ? `(${e.data.code})` : null].filter(Boolean).join(" ") || null,
        tone: "danger",
      };
    case "message.action_failed":
      return {
        title: actionFailureTitle(e.data),
        detail: `${e.data.reason} (${e.data.code})`,
        tone: "danger",
      };
    case "webhook.failed":
      return {
        title: e.data.dead
          ? `Webhook delivery gave up after ${e.data.attempts} attempts`
          : "Webhook delivery failed; retrying",
        detail: `${e.data.eventType}: ${e.data.responseStatus !== null ? `HTTP ${e.data.responseStatus}` : (e.data.error ?? "no answer")}`,
        tone: e.data.dead ? "danger" : "warning",
      };
  }
}

/**
 * The entry a realtime frame stands for (the same id the API will list it under), or null for
 * frames the log does not keep. Webhook failures have no frame: the page refreshes for those.
 */
export function entryFromFrame(f: Frame): EventLogEntry | null {
  switch (f.type) {
    case "connection:status":
      return {
        id: f.id,
        type: "session.status",
        sessionId: f.sessionId,
        at: f.at,
        data: { status: f.data.status, lastDisconnect: HEALTHY.includes(f.data.status) ? null : f.data.lastDisconnect },
      };
    case "connection:error":
      if (f.data.reason !== "unstable") return null;
      return {
        id: f.id,
        type: "session.unstable",
        sessionId: f.sessionId,
        at: f.at,
        data: { reconnectsLast5m: f.data.reconnectsLast5m ?? 0, lastDisconnect: null },
      };
    case "message:status":
      if (f.data.status !== "failed") return null;
      return {
        id: f.id,
        type: "message.failed",
        sessionId: f.sessionId,
        at: f.at,
        data: {
          messageId: f.data.messageId,
          chatJid: f.data.chatJid,
          code: f.data.failureCode,
          reason: f.data.failureReason,
        },
      };
    case "message:action_failed":
      return { id: f.id, type: "message.action_failed", sessionId: f.sessionId, at: f.at, data: f.data };
    default:
      return null;
  }
}
