import type { PlanName } from "@wharf/contracts";
import {
  type AuthFailurePolicy,
  DEFAULT_PLAN,
  type LimitStore,
  PLANS,
  type PlanLimits,
  type RateDecision,
  type RatePolicy,
  RateLimitedError,
  effectivePlan,
} from "@wharf/core";
import type { Context, Next } from "hono";
import type { AppDeps, TenantEnv } from "../env";
import { withQuota } from "./rate-limit-quotas";

/** What the limiter needs; absent from AppDeps.data, nothing is limited (in-memory unit tests). */
export interface LimitsDeps {
  store: LimitStore;
  /** the plan table (PLANS when not given; tests bring small numbers) */
  plans?: Readonly<Record<PlanName, PlanLimits>>;
  /** failed authentications per source address (DEFAULT_AUTH_FAILURE_POLICY when not given) */
  authFailures?: AuthFailurePolicy;
}

/** How long an instance trusts the plan it read; PATCH on the same instance forgets it at once. */
export const PLAN_CACHE_MS = 30_000;

/** The name of the one policy, as the RateLimit headers call it. */
const POLICY_NAME = "key";

interface Limiter {
  limits: LimitsDeps;
  plans: Map<string, { plan: PlanName; until: number }>;
}

const limiters = new WeakMap<AppDeps, Limiter>();

function limiterFor(deps: AppDeps): Limiter | null {
  const limits = deps.data.limits;
  if (!limits) return null;
  let l = limiters.get(deps);
  if (!l) {
    l = { limits, plans: new Map() };
    limiters.set(deps, l);
  }
  return l;
}

/** The plan in force for a tenant, read through this instance's short cache. */
export async function planOf(deps: AppDeps, tenantId: string): Promise<PlanName> {
  const l = limiterFor(deps);
  const now = deps.clock.now().getTime();
  const cached = l?.plans.get(tenantId);
  if (cached && cached.until > now) return cached.plan;
  const tenant = await deps.repos.tenants.get(tenantId);
  const plan = tenant ? effectivePlan(tenant) : DEFAULT_PLAN;
  l?.plans.set(tenantId, { plan, until: now + PLAN_CACHE_MS });
  return plan;
}

/** Drops a cached plan (after the admin changed it). */
export function forgetPlan(deps: AppDeps, tenantId: string): void {
  limiterFor(deps)?.plans.delete(tenantId);
}

/** The limits of a plan in this app's plan table. */
export function limitsOf(limits: LimitsDeps, plan: PlanName): PlanLimits {
  return (limits.plans ?? PLANS)[plan];
}

export function ratePolicy(p: PlanLimits): RatePolicy {
  return { rate: p.requestsPerSecond, burst: p.burst };
}

/** The IETF draft's fields (draft-ietf-httpapi-ratelimit-headers): the policy, and what is left of it. */
export function rateLimitHeaders(policy: RatePolicy, d: Pick<RateDecision, "remaining" | "resetSeconds">) {
  const window = Math.ceil(policy.burst / policy.rate);
  return {
    "RateLimit-Policy": `"${POLICY_NAME}";q=${policy.burst};w=${window}`,
    RateLimit: `"${POLICY_NAME}";r=${d.remaining};t=${d.resetSeconds}`,
  };
}

/**
 * Runs after tenant authentication: takes a token from the key's bucket (shared by every
 * instance through the store), sets the RateLimit headers on whatever the answer is, refuses
 * with 429 when the bucket is empty, then applies the tenant's quotas to creates and deletes.
 */
export async function limitTenantRequest(deps: AppDeps, c: Context<TenantEnv>, next: Next): Promise<void> {
  const l = limiterFor(deps);
  if (!l) return next();
  const tenantId = c.get("tenantId");
  const plan = await planOf(deps, tenantId);
  const planTable = limitsOf(l.limits, plan);
  const policy = ratePolicy(planTable);
  const decision = await l.limits.store.take(`key#${c.get("keyId")}`, policy, deps.clock.now().getTime());
  for (const [name, value] of Object.entries(rateLimitHeaders(policy, decision))) c.header(name, value);
  if (!decision.allowed) {
    throw new RateLimitedError(
      "this API key is over its request rate; retry after Retry-After seconds",
      decision.retryAfterSeconds,
    );
  }
  const atomicSendCount = Boolean(deps.data.pacing.takeAndRecord);
  const t = { tenantId, plan, limits: planTable, now: deps.clock.now().getTime(), atomicSendCount };
  return withQuota(l.limits.store, t, c, next);
}
