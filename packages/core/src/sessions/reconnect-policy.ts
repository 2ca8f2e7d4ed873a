import type { DisconnectInfo, SessionStatus } from "@wharf/contracts";
import { ValidationError } from "../errors";

/**
 * What a worker does when a Baileys socket closes (DESIGN §4). Pure: the caller supplies the
 * close code, how many consecutive reconnect attempts were already made, and a random source.
 */

export const RECONNECT_BASE_MS = 1_000;
export const RECONNECT_FACTOR = 2;
/** cap of the exponential part; jitter is added on top so capped retries still spread out */
export const RECONNECT_CAP_MS = 30_000;
export const RECONNECT_JITTER_MS = 1_000;
export const MAX_RECONNECT_ATTEMPTS = 10;
/** a socket that stays open this long has recovered: its attempt counter starts again */
export const STABLE_OPEN_MS = 60_000;
export const UNSTABLE_WINDOW_MS = 5 * 60_000;
/** more reconnects than this inside the window → `session.unstable` */
export const UNSTABLE_THRESHOLD = 3;

/** Baileys `DisconnectReason` values (WhatsApp close / stream error codes). */
export const DISCONNECT_CODES = {
  loggedOut: 401,
  forbidden: 403,
  timedOut: 408,
  multideviceMismatch: 411,
  connectionClosed: 428,
  connectionReplaced: 440,
  badSession: 500,
  unavailableService: 503,
  restartRequired: 515,
} as const;

export const DISCONNECT_REASONS = [
  "logged_out",
  "bad_session",
  "multidevice_mismatch",
  "connection_replaced",
  "restart_required",
  "timed_out",
  "connection_closed",
  "unavailable",
  "forbidden",
  "unknown",
] as const;
export type DisconnectReason = (typeof DISCONNECT_REASONS)[number];

/**
 * - `reconnect`: open a new socket with the stored creds after `delayMs` (0 = at once)
 * - `restart_fresh`: clear auth, open a new socket at once to start a new QR flow
 * - `logged_out`: clear auth and stop; the user must link again
 * - `stop`: stop without clearing auth (another client took the session)
 * - `give_up`: stop after too many attempts; status `failed`
 */
export type ReconnectAction = "reconnect" | "restart_fresh" | "logged_out" | "stop" | "give_up";
export const RECONNECT_ACTIONS: readonly ReconnectAction[] = [
  "reconnect",
  "restart_fresh",
  "logged_out",
  "stop",
  "give_up",
];

export interface ReconnectDecision {
  action: ReconnectAction;
  /** delete the stored creds and signal keys before anything else */
  clearAuth: boolean;
  /** wait this long before the next socket (only `reconnect` may be non-zero) */
  delayMs: number;
  /** observed status the session moves to */
  status: SessionStatus;
  /** value of the attempt counter to store after acting on this decision */
  nextAttempt: number;
  code: number | null;
  reason: DisconnectReason;
  /** plain words for people (dashboard, API `lastDisconnect.message`) */
  message: string;
}

interface ReasonInfo {
  reason: DisconnectReason;
  message: string;
  kind: "logged_out" | "restart_fresh" | "stop" | "immediate" | "backoff";
}

const KNOWN: Record<number, ReasonInfo> = {
  401: {
    reason: "logged_out",
    message: "WhatsApp logged this device out (it was unlinked from the phone). Link it again with a new QR code.",
    kind: "logged_out",
  },
  403: {
    reason: "forbidden",
    message: "WhatsApp refused the connection. Retrying; if this persists the account may be restricted.",
    kind: "backoff",
  },
  408: {
    reason: "timed_out",
    message: "The connection timed out (or the QR code expired without being scanned). Reconnecting.",
    kind: "backoff",
  },
  411: {
    reason: "multidevice_mismatch",
    message: "The linked device did not match WhatsApp's multi-device state. Starting over with a new QR code.",
    kind: "restart_fresh",
  },
  428: { reason: "connection_closed", message: "The connection was closed. Reconnecting.", kind: "backoff" },
  440: {
    reason: "connection_replaced",
    message: "Another client opened this WhatsApp session and replaced this connection. Connect again to take it back.",
    kind: "stop",
  },
  500: {
    reason: "bad_session",
    message: "WhatsApp rejected the stored session as invalid. Starting over with a new QR code.",
    kind: "restart_fresh",
  },
  503: { reason: "unavailable", message: "WhatsApp is temporarily unavailable. Reconnecting.", kind: "backoff" },
  515: {
    reason: "restart_required",
    message: "WhatsApp asked for a restart (normal right after linking). Reconnecting now.",
    kind: "immediate",
  },
};

/** Machine reason word and plain-words message for a close code. */
export function describeDisconnect(code: number | undefined | null): { reason: DisconnectReason; message: string } {
  const known = code == null ? undefined : KNOWN[code];
  if (known) return { reason: known.reason, message: known.message };
  const what = code == null ? "without a code" : `with code ${code}`;
  return { reason: "unknown", message: `The connection closed ${what}. Reconnecting.` };
}

/** Exponential part capped, then 0–1 s of jitter so many sessions do not retry in step. */
export function backoffDelayMs(attempt: number, random: () => number): number {
  const exponential = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * RECONNECT_FACTOR ** attempt);
  const r = Math.min(1, Math.max(0, random()));
  return Math.floor(exponential + r * RECONNECT_JITTER_MS);
}

export function decideReconnect(input: {
  code: number | undefined;
  attempt: number;
  random: () => number;
}): ReconnectDecision {
  const { attempt } = input;
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new ValidationError("attempt must be a non-negative integer", [
      { path: "attempt", message: "must be a non-negative integer" },
    ]);
  }
  const code = input.code ?? null;
  const info = (code === null ? undefined : KNOWN[code]) ?? { ...describeDisconnect(code), kind: "backoff" as const };
  const base = { code, reason: info.reason, message: info.message };

  switch (info.kind) {
    case "logged_out":
      return { ...base, action: "logged_out", clearAuth: true, delayMs: 0, status: "logged_out", nextAttempt: 0 };
    case "stop":
      return { ...base, action: "stop", clearAuth: false, delayMs: 0, status: "disconnected", nextAttempt: 0 };
    default:
      break;
  }

  // Every automatic retry counts towards the limit, including 515 and fresh-QR restarts,
  // so a server that keeps answering the same way cannot loop a worker forever.
  if (attempt >= MAX_RECONNECT_ATTEMPTS) {
    return {
      ...base,
      action: "give_up",
      clearAuth: info.kind === "restart_fresh",
      delayMs: 0,
      status: "failed",
      nextAttempt: attempt,
      message: `Gave up after ${MAX_RECONNECT_ATTEMPTS} reconnect attempts. Last: ${info.message} Connect again to retry.`,
    };
  }
  const nextAttempt = attempt + 1;
  if (info.kind === "restart_fresh") {
    return { ...base, action: "restart_fresh", clearAuth: true, delayMs: 0, status: "connecting", nextAttempt };
  }
  const delayMs = info.kind === "immediate" ? 0 : backoffDelayMs(attempt, input.random);
  return { ...base, action: "reconnect", clearAuth: false, delayMs, status: "reconnecting", nextAttempt };
}

/** The `lastDisconnect` value to store for a decision. */
export function toDisconnectInfo(decision: ReconnectDecision, at: Date): DisconnectInfo {
  return { code: decision.code, reason: decision.reason, message: decision.message, at: at.toISOString() };
}

function ms(t: Date | number): number {
  return typeof t === "number" ? t : t.getTime();
}

/** True once the socket has been open for STABLE_OPEN_MS: reset the attempt counter. */
export function shouldResetAttempts(openSince: Date | number | null | undefined, now: Date | number): boolean {
  if (openSince == null) return false;
  return ms(now) - ms(openSince) >= STABLE_OPEN_MS;
}

export interface ReconnectWindow {
  /** epoch ms of reconnects still inside the window, oldest first */
  timestamps: number[];
  count: number;
  unstable: boolean;
  /** true only on the reconnect that crossed the threshold: emit `session.unstable` once */
  becameUnstable: boolean;
}

/** The reconnect timestamps still inside the last UNSTABLE_WINDOW_MS, oldest first. */
export function pruneReconnects(timestamps: readonly number[], now: Date | number): number[] {
  const from = ms(now) - UNSTABLE_WINDOW_MS;
  return timestamps.filter((t) => t > from && t <= ms(now)).sort((a, b) => a - b);
}

/** Records one reconnect at `now` and reports the window's health. */
export function recordReconnect(timestamps: readonly number[], now: Date | number): ReconnectWindow {
  const before = pruneReconnects(timestamps, now);
  const after = [...before, ms(now)];
  const unstable = after.length > UNSTABLE_THRESHOLD;
  return {
    timestamps: after,
    count: after.length,
    unstable,
    becameUnstable: unstable && before.length <= UNSTABLE_THRESHOLD,
  };
}
