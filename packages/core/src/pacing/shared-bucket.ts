import type { PacingState } from "./token-bucket";

/**
 * The API's shared copy of a session's bucket, shaped so a store can take a token with ONE
 * conditional update and no read (many API instances race on it). It is the token bucket of
 * token-bucket.ts written as a cell-rate schedule: `tat` is the time the bucket would be full
 * again; a send is allowed while `tat` is at most `burst - 1` intervals ahead of now.
 * The daily cap counts sends per UTC `day`. Pure: the store turns a plan into its own update.
 */
export interface SharedBucket {
  /** epoch ms at which the bucket is full again ("theoretical arrival time") */
  tat: number;
  /** UTC day (YYYY-MM-DD) that `sent` counts */
  day: string;
  sent: number;
}

/** Which shape the stored bucket has, so the update knows what to write. */
export interface SharedBucketGuess {
  /** tat <= now: the bucket is full; the take writes tat = now + interval */
  idle: boolean;
  /** the stored day is not today: the take starts today's count at 1 */
  newDay: boolean;
}

/**
 * One take as a conditional update: the condition holds exactly when the stored bucket has
 * the guessed shape and the send is allowed. Values in ms since the epoch.
 */
export interface SharedBucketTake {
  guess: SharedBucketGuess;
  now: number;
  /** ms one token takes to refill */
  interval: number;
  /** tat after an idle take */
  idleTat: number;
  /** the largest stored tat that still allows a take (busy shape) */
  maxTat: number;
  day: string;
  dailyCap: number;
}

export type SharedBucketVerdict =
  | { allowed: true }
  | { allowed: false; reason: "rate" | "daily_cap"; retryAfterSeconds: number };

type Settings = PacingState["settings"];
const DAY_MS = 86_400_000;

/** The first guess: a busy bucket on the same day (the common case under load). */
export const BUSY_SAME_DAY: SharedBucketGuess = { idle: false, newDay: false };

export function planSharedTake(settings: Settings, now: Date | number, guess: SharedBucketGuess): SharedBucketTake {
  const t = typeof now === "number" ? now : now.getTime();
  const interval = 60_000 / settings.messagesPerMinute;
  return {
    guess,
    now: t,
    interval,
    idleTat: t + interval,
    maxTat: t + (settings.burst - 1) * interval,
    day: new Date(t).toISOString().slice(0, 10),
    dailyCap: settings.dailyCap,
  };
}

/**
 * What an instance knows of a bucket after its own last successful take: the latest its tat
 * can be (exact after an idle take) and its day. Only the next take's first guess comes from
 * it: another instance's takes can make it wrong, which costs one retry, never a wrong verdict.
 */
export interface SharedBucketHint {
  tatAtMost: number;
  day: string;
}

export function hintAfterTake(take: SharedBucketTake): SharedBucketHint {
  // a busy take added one interval to a tat that was at most maxTat
  return { tatAtMost: take.guess.idle ? take.idleTat : take.maxTat + take.interval, day: take.day };
}

/** The first guess for a take at `now`: from the hint when there is one, else busy on the same day. */
export function guessFromHint(hint: SharedBucketHint | undefined, now: number): SharedBucketGuess {
  if (!hint) return BUSY_SAME_DAY;
  return { idle: hint.tatAtMost <= now, newDay: hint.day !== new Date(now).toISOString().slice(0, 10) };
}

/**
 * After a take's condition failed, judged against the bucket as it was then: either a refusal
 * (with the wait), or the shape to try again with. `stored` undefined means no item exists.
 */
export function judgeSharedBucket(
  stored: Partial<SharedBucket> | undefined,
  take: SharedBucketTake,
): SharedBucketVerdict | { retry: SharedBucketGuess } {
  const newDay = stored?.day !== take.day;
  const tat = typeof stored?.tat === "number" ? stored.tat : Number.NEGATIVE_INFINITY;
  const idle = tat <= take.now;
  if (!newDay && (stored?.sent ?? 0) >= take.dailyCap) {
    const nextMidnight = Math.floor(take.now / DAY_MS) * DAY_MS + DAY_MS;
    return {
      allowed: false,
      reason: "daily_cap",
      retryAfterSeconds: Math.max(1, Math.ceil((nextMidnight - take.now) / 1000)),
    };
  }
  if (!idle && tat > take.maxTat) {
    return { allowed: false, reason: "rate", retryAfterSeconds: Math.max(1, Math.ceil((tat - take.maxTat) / 1000)) };
  }
  return { retry: { idle, newDay } };
}

/** The bucket after a take that succeeded (what a store writes; used by in-memory stores). */
export function applySharedTake(stored: Partial<SharedBucket> | undefined, take: SharedBucketTake): SharedBucket {
  return {
    tat: take.guess.idle ? take.idleTat : (stored?.tat ?? take.now) + take.interval,
    day: take.day,
    sent: take.guess.newDay ? 1 : (stored?.sent ?? 0) + 1,
  };
}

/** True when the stored bucket has the take's guessed shape and allows it (the condition). */
export function sharedTakeHolds(stored: Partial<SharedBucket> | undefined, take: SharedBucketTake): boolean {
  const verdict = judgeSharedBucket(stored, take);
  return (
    !("allowed" in verdict) && verdict.retry.idle === take.guess.idle && verdict.retry.newDay === take.guess.newDay
  );
}
