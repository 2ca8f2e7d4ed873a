import { CONNECTABLE_STATUSES, isSocketActive, SOCKET_ACTIVE_STATUSES, type SessionStatus } from "@wharf/contracts";
import { InvalidStateError } from "../errors";
import type { ReconnectAction, ReconnectDecision } from "./reconnect-policy";

/**
 * The observed session status as a pure state machine (DESIGN §4). Every change of
 * `status` goes through `transition`, so the API, the fleet and the event consumer agree on
 * what may follow what. Anything not listed in TRANSITIONS is illegal.
 */
export type SessionEvent =
  /** user asked to connect (API): a worker will be placed */
  | { type: "connect_requested" }
  /** the socket showed a QR code (also each QR refresh) */
  | { type: "qr_issued" }
  /** a pairing code was requested and issued (also a new code while pairing) */
  | { type: "pairing_code_issued" }
  /** the socket is open and logged in */
  | { type: "opened" }
  /** the socket closed; `action` is the reconnect policy's decision for its close code */
  | { type: "connection_lost"; action: ReconnectAction }
  /** the owning worker drained or its lease expired: the session is placed again */
  | { type: "owner_lost" }
  /** user asked to disconnect (API): close without unlinking */
  | { type: "disconnect_requested" }
  /** user asked to log out (API): unlink the device and clear auth */
  | { type: "logout_requested" };

export type SessionEventType = SessionEvent["type"];

/** A flat name per event, with connection_lost split by action: `connection_lost:reconnect`. */
export type TransitionKey = Exclude<SessionEventType, "connection_lost"> | `connection_lost:${ReconnectAction}`;

function from(statuses: readonly SessionStatus[], to: SessionStatus): Partial<Record<SessionStatus, SessionStatus>> {
  return Object.fromEntries(statuses.map((s) => [s, to]));
}

/** The whole table: event → (from status → to status). */
export const TRANSITIONS: Readonly<Record<TransitionKey, Partial<Record<SessionStatus, SessionStatus>>>> = {
  // Idle statuses only: an active session is already on its way (the API treats it as a no-op).
  connect_requested: from(CONNECTABLE_STATUSES, "connecting"),
  // While pairing, QR refreshes are ignored so the pairing code stays on screen.
  qr_issued: from(["connecting", "qr", "reconnecting"], "qr"),
  // A pairing code needs a live socket that is not yet linked.
  pairing_code_issued: from(["connecting", "qr", "pairing"], "pairing"),
  opened: from(["connecting", "qr", "pairing", "reconnecting"], "open"),
  "connection_lost:reconnect": from(SOCKET_ACTIVE_STATUSES, "reconnecting"),
  "connection_lost:restart_fresh": from(SOCKET_ACTIVE_STATUSES, "connecting"),
  "connection_lost:logged_out": from(SOCKET_ACTIVE_STATUSES, "logged_out"),
  "connection_lost:stop": from(SOCKET_ACTIVE_STATUSES, "disconnected"),
  "connection_lost:give_up": from(SOCKET_ACTIVE_STATUSES, "failed"),
  owner_lost: from(SOCKET_ACTIVE_STATUSES, "reconnecting"),
  disconnect_requested: from(SOCKET_ACTIVE_STATUSES, "disconnected"),
  // Logout needs creds that may exist: not before linking (created/qr/pairing) nor after logout.
  logout_requested: from(["connecting", "open", "reconnecting", "disconnected", "failed"], "logged_out"),
};

export const TRANSITION_KEYS = Object.keys(TRANSITIONS) as TransitionKey[];

export function transitionKey(event: SessionEvent): TransitionKey {
  return event.type === "connection_lost" ? `connection_lost:${event.action}` : event.type;
}

/** The status `event` leads to from `status`, or null when the pair is illegal. */
export function nextStatus(status: SessionStatus, event: SessionEvent): SessionStatus | null {
  return TRANSITIONS[transitionKey(event)]?.[status] ?? null;
}

export function canTransition(status: SessionStatus, event: SessionEvent): boolean {
  return nextStatus(status, event) !== null;
}

/** Throws InvalidStateError for an illegal (status, event) pair. */
export function transition(status: SessionStatus, event: SessionEvent): SessionStatus {
  const to = nextStatus(status, event);
  if (to === null) {
    throw new InvalidStateError(`session is ${status}: ${describeEvent(event)} is not allowed`);
  }
  return to;
}

/** The event a reconnect decision stands for, so the fleet can feed it straight in. */
export function connectionLost(decision: Pick<ReconnectDecision, "action">): SessionEvent {
  return { type: "connection_lost", action: decision.action };
}

export function canConnect(status: SessionStatus): boolean {
  return canTransition(status, { type: "connect_requested" });
}

export function canDisconnect(status: SessionStatus): boolean {
  return canTransition(status, { type: "disconnect_requested" });
}

export function canLogout(status: SessionStatus): boolean {
  return canTransition(status, { type: "logout_requested" });
}

/** Only an open socket can send; everything else fails fast at the API. */
export function canSendMessages(status: SessionStatus): boolean {
  return status === "open";
}

/** Statuses in which a worker holds (or is about to hold) a socket for the session. */
export { isSocketActive };

function describeEvent(event: SessionEvent): string {
  return event.type === "connection_lost" ? `connection_lost (${event.action})` : event.type;
}
