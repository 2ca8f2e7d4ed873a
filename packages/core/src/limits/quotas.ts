import type { PlanName } from "@wharf/contracts";
import { WharfError } from "../errors";
import { type CountedQuota, type PlanLimits, planLimits, type QuotaName } from "./plans";
import type { LimitStore } from "./ports";

/** A tenant is at a quota of its plan: 429 with the quota named in details. */
export class QuotaExceededError extends WharfError {
  /** null for counted quotas: they free up when something is deleted, not with time */
  readonly retryAfterSeconds: number | null;
  constructor(quota: QuotaName, limit: number, plan: PlanName, retryAfterSeconds: number | null = null) {
    super("quota_exceeded", `the ${plan} plan allows ${limit} ${QUOTA_NOUNS[quota]}; this tenant is at the limit`, {
      details: [{ path: `quota.${quota}`, message: `limit ${limit} on the ${plan} plan`, code: quota }],
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const QUOTA_NOUNS: Record<QuotaName, string> = {
  sessions: "sessions",
  apiKeys: "API keys",
  webhooks: "webhook endpoints",
  messagesPerDay: "messages per day (UTC)",
};

const DAY_MS = 86_400_000;

/** Takes one unit of a counted quota or throws QuotaExceededError. */
export async function reserveQuota(
  store: LimitStore,
  tenantId: string,
  quota: CountedQuota,
  plan: PlanName,
  limits: PlanLimits = planLimits(plan),
): Promise<void> {
  const limit = limits.quotas[quota];
  const { ok } = await store.reserve(tenantId, quota, limit);
  if (!ok) throw new QuotaExceededError(quota, limit, plan);
}

export function releaseQuota(store: LimitStore, tenantId: string, quota: CountedQuota): Promise<void> {
  return store.release(tenantId, quota);
}

/** The per-UTC-day message counter's name for the day of `now`. */
export function messagesCounter(now: number): string {
  return `messagesPerDay#${new Date(now).toISOString().slice(0, 10)}`;
}

/** One unit of today's message count, as data a store can write inside another atomic write. */
export interface MessageCountRider {
  tenantId: string;
  counter: string;
  limit: number;
  /** epoch seconds: kept a day past its end so a late release still finds it */
  expiresAt: number;
}

/**
 * Today's message count for one send, taken later: inside the accept's atomic write when the
 * ledger can (one call fewer), else by `take()`. `counted` tells the caller to give it back
 * when the request fails after all.
 */
export interface DeferredMessageCount {
  readonly rider: MessageCountRider;
  counted: boolean;
  /** counts on its own (a ledger without an atomic accept); throws QuotaExceededError */
  take(): Promise<void>;
  /** the error for a count the accept's write refused */
  refusal(): QuotaExceededError;
}

export function deferMessageCount(
  store: LimitStore,
  tenantId: string,
  plan: PlanName,
  now: number,
  limits: PlanLimits = planLimits(plan),
): DeferredMessageCount {
  const limit = limits.quotas.messagesPerDay;
  const midnight = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  const rider = { tenantId, counter: messagesCounter(now), limit, expiresAt: Math.floor((midnight + DAY_MS) / 1000) };
  const refusal = () =>
    new QuotaExceededError("messagesPerDay", limit, plan, Math.max(1, Math.ceil((midnight - now) / 1000)));
  const deferred: DeferredMessageCount = {
    rider,
    counted: false,
    refusal,
    async take() {
      const { ok } = await store.reserve(tenantId, rider.counter, limit, rider.expiresAt);
      if (!ok) throw refusal();
      deferred.counted = true;
    },
  };
  return deferred;
}

/** Counts one message against today's quota (UTC) or throws, with Retry-After at next midnight. */
export async function countMessage(
  store: LimitStore,
  tenantId: string,
  plan: PlanName,
  now: number,
  limits: PlanLimits = planLimits(plan),
): Promise<string> {
  const deferred = deferMessageCount(store, tenantId, plan, now, limits);
  await deferred.take();
  return deferred.rider.counter;
}
