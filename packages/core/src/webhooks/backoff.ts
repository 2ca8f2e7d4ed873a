/**
 * Webhook retry schedule (DESIGN §5): exponential backoff, carried by the SQS visibility
 * timeout, for `maxAgeSeconds` (≥ 24 h in production) from the delivery's first attempt; then
 * it is dead-lettered (a record the API can redeliver). Deliveries of a line go out in order
 * (job-order), so a delivery may wait behind earlier ones before its first attempt: that wait
 * does not eat its retries, but after `lineWaitSeconds` its window starts anyway, so a line
 * behind an endpoint that stays down drains into dead letters instead of growing for ever.
 */
export interface WebhookRetryPolicy {
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** retry at least this long after the event before dead-lettering */
  maxAgeSeconds: number;
  /** per attempt */
  timeoutMs: number;
  /** longest wait in line that does not count against the window (default: maxAgeSeconds of the default) */
  lineWaitSeconds?: number;
}

/** SQS refuses visibility timeouts over 12 hours. */
export const SQS_MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = {
  baseDelaySeconds: 30,
  maxDelaySeconds: 6 * 60 * 60,
  maxAgeSeconds: 25 * 60 * 60,
  timeoutMs: 10_000,
  lineWaitSeconds: 25 * 60 * 60,
};

/** Delay before attempt `attempts + 1`, after `attempts` failed ones: base·2^(n-1) ± 10 %. */
export function retryDelaySeconds(
  attempts: number,
  policy: WebhookRetryPolicy,
  random: () => number = Math.random,
): number {
  const exp = policy.baseDelaySeconds * 2 ** Math.max(0, attempts - 1);
  const capped = Math.min(exp, policy.maxDelaySeconds, SQS_MAX_VISIBILITY_SECONDS);
  const jitter = capped * 0.1 * (random() * 2 - 1);
  return Math.max(1, Math.min(SQS_MAX_VISIBILITY_SECONDS, Math.round(capped + jitter)));
}

/**
 * Where the retry window of a delivery attempted for the first time at `now` starts: now, or
 * `lineWaitSeconds` after it joined its line (`joinedAt`) if it waited longer than that.
 */
export function retryWindowStart(joinedAt: string, now: Date, policy: WebhookRetryPolicy): string {
  const wait = (policy.lineWaitSeconds ?? DEFAULT_WEBHOOK_RETRY.maxAgeSeconds) * 1000;
  return new Date(Math.min(now.getTime(), Date.parse(joinedAt) + wait)).toISOString();
}

/** true once retrying has gone on for the policy's whole window */
export function retriesExhausted(createdAt: string, now: Date, policy: WebhookRetryPolicy): boolean {
  return now.getTime() - Date.parse(createdAt) >= policy.maxAgeSeconds * 1000;
}

/**
 * How long a delivery waits for its paused endpoint before looking again: as long as it has
 * waited so far (between base and cap), so a pause costs a few receives of its job over the
 * whole retry window rather than one per base delay.
 */
export function pausedWaitSeconds(retryFrom: string, now: Date, policy: WebhookRetryPolicy): number {
  const waited = Math.round((now.getTime() - Date.parse(retryFrom)) / 1000);
  const cap = Math.min(policy.maxDelaySeconds, SQS_MAX_VISIBILITY_SECONDS);
  return Math.max(1, Math.min(cap, Math.max(policy.baseDelaySeconds, waited)));
}
