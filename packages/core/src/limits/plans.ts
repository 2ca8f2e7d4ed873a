import type { PlanName } from "@wharf/contracts";

/** What a plan allows: a per-key request rate and per-tenant quotas. */
export interface PlanLimits {
  /** sustained requests per second per API key */
  requestsPerSecond: number;
  /** requests a key may make at once after being idle (the bucket's size) */
  burst: number;
  quotas: TenantQuotas;
}

export interface TenantQuotas {
  sessions: number;
  apiKeys: number;
  webhooks: number;
  messagesPerDay: number;
}

export type QuotaName = keyof TenantQuotas;
/** The quotas counted per resource (messagesPerDay is a per-day counter instead). */
export type CountedQuota = Exclude<QuotaName, "messagesPerDay">;

/** The plan table. Data, not code: changing a number here changes the plan for every tenant on it. */
export const PLANS: Readonly<Record<PlanName, PlanLimits>> = {
  free: {
    requestsPerSecond: 5,
    burst: 20,
    quotas: { sessions: 2, apiKeys: 5, webhooks: 3, messagesPerDay: 1_000 },
  },
  pro: {
    requestsPerSecond: 50,
    burst: 500,
    quotas: { sessions: 250, apiKeys: 50, webhooks: 25, messagesPerDay: 100_000 },
  },
  enterprise: {
    requestsPerSecond: 500,
    burst: 5_000,
    quotas: { sessions: 10_000, apiKeys: 500, webhooks: 200, messagesPerDay: 10_000_000 },
  },
};

/**
 * The plan of tenants nobody assigned one to. `pro`, so tenants created before plans existed
 * (and the local demo tenant) keep working as before; the admin moves a tenant to `free` or
 * `enterprise` with `PATCH /v1/tenants/{id}`.
 */
export const DEFAULT_PLAN: PlanName = "pro";

/** The plan in force for a tenant record: the assigned one, else the default. */
export function effectivePlan(tenant: { plan?: PlanName | undefined }, fallback: PlanName = DEFAULT_PLAN): PlanName {
  return tenant.plan ?? fallback;
}

export function planLimits(plan: PlanName): PlanLimits {
  return PLANS[plan];
}
