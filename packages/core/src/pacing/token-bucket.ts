import type { PacingSettings } from "@wharf/contracts";
import { RateLimitedError } from "../errors";

/**
 * Per-session anti-ban pacing (DESIGN §4): a token bucket refilled at messagesPerMinute
 * holding at most `burst` tokens, plus a daily cap that resets at UTC midnight. Pure: the
 * owning worker keeps the state and passes the time in.
 */
export interface PacingState {
  settings: Pick<PacingSettings, "messagesPerMinute" | "burst" | "dailyCap">;
  /** tokens available at `refilledAt` (fractional) */
  tokens: number;
  /** epoch ms the tokens were last brought up to date */
  refilledAt: number;
  /** UTC day (YYYY-MM-DD) that `sentToday` counts */
  day: string;
  sentToday: number;
}

export type PacingDenialReason = "rate" | "daily_cap";

export type TakeResult =
  | { allowed: true; state: PacingState }
  | { allowed: false; state: PacingState; reason: PacingDenialReason; retryAfterSeconds: number };

const DAY_MS = 86_400_000;

function ms(t: Date | number): number {
  return typeof t === "number" ? t : t.getTime();
}

function utcDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** A full bucket: a fresh session may send `burst` messages straight away. */
export function createPacingState(settings: PacingState["settings"], now: Date | number): PacingState {
  const t = ms(now);
  return { settings: pick(settings), tokens: settings.burst, refilledAt: t, day: utcDay(t), sentToday: 0 };
}

/** New settings keep today's count; tokens are clipped to the new burst. */
export function withPacingSettings(state: PacingState, settings: PacingState["settings"]): PacingState {
  return { ...state, settings: pick(settings), tokens: Math.min(state.tokens, settings.burst) };
}

/** The state brought up to `now`: tokens refilled, day rolled over. Time never runs backwards. */
export function refill(state: PacingState, now: Date | number): PacingState {
  const t = Math.max(ms(now), state.refilledAt);
  const perMs = state.settings.messagesPerMinute / 60_000;
  const tokens = Math.min(state.settings.burst, state.tokens + (t - state.refilledAt) * perMs);
  const day = utcDay(t);
  return { ...state, tokens, refilledAt: t, day, sentToday: day === state.day ? state.sentToday : 0 };
}

/** Takes one token for one message, or says when to try again and why. */
export function tryTake(state: PacingState, now: Date | number): TakeResult {
  const s = refill(state, now);
  if (s.sentToday >= s.settings.dailyCap) {
    const nextMidnight = Math.floor(s.refilledAt / DAY_MS) * DAY_MS + DAY_MS;
    return {
      allowed: false,
      state: s,
      reason: "daily_cap",
      retryAfterSeconds: Math.max(1, Math.ceil((nextMidnight - s.refilledAt) / 1000)),
    };
  }
  // the epsilon absorbs float error so a token due exactly now is not refused
  if (s.tokens < 1 - 1e-9) {
    const waitMs = (1 - s.tokens) / (s.settings.messagesPerMinute / 60_000);
    return { allowed: false, state: s, reason: "rate", retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
  return { allowed: true, state: { ...s, tokens: Math.max(0, s.tokens - 1), sentToday: s.sentToday + 1 } };
}

/** What the API answers (429 with Retry-After) when pacing is known to refuse up front. */
export function pacingError(denial: { reason: PacingDenialReason; retryAfterSeconds: number }): RateLimitedError {
  const message =
    denial.reason === "daily_cap"
      ? "daily message cap reached for this session; it resets at 00:00 UTC"
      : "sending too fast for this session's pacing settings";
  return new RateLimitedError(message, denial.retryAfterSeconds);
}

function pick(s: PacingState["settings"]): PacingState["settings"] {
  return { messagesPerMinute: s.messagesPerMinute, burst: s.burst, dailyCap: s.dailyCap };
}
