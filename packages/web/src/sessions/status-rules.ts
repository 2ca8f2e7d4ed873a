import { isConnectable, isLinking, isSocketActive, type DisconnectInfo, type SessionStatus } from "@wharf/contracts";

/**
 * Which actions a session's status allows, mirroring canConnect / canDisconnect / canLogout
 * of packages/core/src/sessions/status-machine.ts (the dashboard may import only contracts;
 * status-rules.test.ts checks the two agree for every status).
 */
const LOGOUTABLE: readonly SessionStatus[] = ["connecting", "open", "reconnecting", "disconnected", "failed"];

export const canConnect = isConnectable;
export const canDisconnect = isSocketActive;
export const canLogout = (s: SessionStatus) => LOGOUTABLE.includes(s);
export const canSendMessages = (s: SessionStatus) => s === "open";
/** The link dialog has something to show (a QR or a pairing code is coming). */
export { isLinking };

export type StatusTone = "neutral" | "info" | "success" | "warning" | "danger";

export const STATUS_PRESENTATION: Record<SessionStatus, { label: string; tone: StatusTone; hint: string }> = {
  created: {
    label: "Not linked",
    tone: "neutral",
    hint: "No phone linked yet. Link one with a QR code or a pairing code.",
  },
  connecting: { label: "Connecting", tone: "info", hint: "Starting the WhatsApp connection." },
  qr: { label: "Waiting for scan", tone: "info", hint: "A QR code is ready to be scanned with WhatsApp on the phone." },
  pairing: { label: "Waiting for code", tone: "info", hint: "A pairing code is ready to be typed on the phone." },
  open: { label: "Connected", tone: "success", hint: "Linked and online: messages flow both ways." },
  reconnecting: {
    label: "Reconnecting",
    tone: "warning",
    hint: "The connection dropped; Wharf is reconnecting automatically.",
  },
  disconnected: {
    label: "Disconnected",
    tone: "neutral",
    hint: "Stopped. The phone stays linked; reconnect at any time.",
  },
  logged_out: {
    label: "Logged out",
    tone: "danger",
    hint: "The phone unlinked this device. Link it again to continue.",
  },
  failed: { label: "Failed", tone: "danger", hint: "Wharf gave up reconnecting. Try to reconnect." },
};

/** Fallback plain words by machine reason, for when the server sent no message. */
const REASON_WORDS: Record<string, string> = {
  logged_out: "The phone logged this device out (WhatsApp → Linked devices). Link it again.",
  connection_replaced: "Another client opened this WhatsApp session, so this one was closed.",
  timed_out: "WhatsApp did not answer in time.",
  qr_expired: "The QR code was not scanned in time.",
  connection_closed: "The connection to WhatsApp closed unexpectedly.",
  bad_session: "The stored WhatsApp session was unusable and has been reset. Link the phone again.",
  restart_required: "WhatsApp asked for a restart; Wharf reconnects by itself.",
  forbidden: "WhatsApp refused this account (403). The number may be banned or restricted.",
  multidevice_mismatch: "WhatsApp needs this device to be linked again.",
  unavailable: "WhatsApp is unavailable right now (503).",
  owner_lost: "The worker running this session stopped; another worker takes it over.",
};

/** The worker holding the session was lost and the fleet is handing it to another one. */
export function isWorkerLost(status: SessionStatus, info: DisconnectInfo | null | undefined): boolean {
  return status === "reconnecting" && info?.reason === "owner_lost";
}

/** Reasons that promise an automatic recovery: wrong words under a session that is at rest. */
const RECOVERING_REASONS = new Set(["restart_required", "owner_lost", "unstable"]);

/**
 * The disconnect words a row should show, or null: only for sessions at rest, and not a
 * reason left over from before the user disconnected or logged out (which would say
 * "Reconnecting now." under a session that is not reconnecting).
 */
export function restingReason(s: {
  status: SessionStatus;
  desiredState: string;
  lastDisconnect: DisconnectInfo | null;
  updatedAt: string;
}): string | null {
  if (s.status !== "failed" && s.status !== "logged_out" && s.status !== "disconnected") return null;
  const info = s.lastDisconnect;
  if (!info || RECOVERING_REASONS.has(info.reason)) return null;
  // A stop the user asked for: an older reason belongs to an earlier connection.
  if (
    s.desiredState === "disconnected" &&
    s.status !== "logged_out" &&
    Date.parse(info.at) < Date.parse(s.updatedAt) - 1000
  )
    return null;
  return disconnectWords(info);
}

/** Plain words for a disconnect: the server's message when it has one, else our words for the reason. */
export function disconnectWords(info: DisconnectInfo | null | undefined): string | null {
  if (!info) return null;
  const msg = info.message?.trim();
  if (msg && msg !== info.reason) return msg.endsWith(".") ? msg : `${msg}.`;
  return (
    REASON_WORDS[info.reason] ??
    `The connection ended (${info.reason.replace(/_/g, " ")}${info.code ? `, code ${info.code}` : ""}).`
  );
}

/** The primary connect action: a session that was never linked needs the link dialog. */
export function connectAction(status: SessionStatus, phone: string | null): "link" | "reconnect" | "show_link" | null {
  if (isLinking(status) && !phone) return "show_link";
  if (!canConnect(status)) return null;
  return status === "created" || status === "logged_out" || !phone ? "link" : "reconnect";
}
