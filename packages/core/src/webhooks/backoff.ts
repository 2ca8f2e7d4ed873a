/**
 * Webhook retry schedule (DESIGN §5): exponential backoff, carried by the SQS visibility
 * timeout, until the delivery is older than `maxAgeSeconds` (≥ 24 h in production); then the
 * delivery is dead-lettered (a record the API can redeliver).
 */
export interface WebhookRetryPolicy {
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** retry at least this long after the event before dead-lettering */
  maxAgeSeconds: number;
  /** per attempt */
  timeoutMs: number;
}

/** SQS refuses visibility timeouts over 12 hours. */
export const SQS_MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = {
  baseDelaySeconds: 30,
  maxDelaySeconds: 6 * 60 * 60,
  maxAgeSeconds: 25 * 60 * 60,
  timeoutMs: 10_000,
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

/** true once retrying has gone on for the policy's whole window */
export function retriesExhausted(createdAt: string, now: Date, policy: WebhookRetryPolicy): boolean {
  return now.getTime() - Date.parse(createdAt) >= policy.maxAgeSeconds * 1000;
}
