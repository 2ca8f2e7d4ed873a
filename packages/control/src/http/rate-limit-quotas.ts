import type { PlanName } from "@wharf/contracts";
import {
  type CountedQuota,
  type LimitStore,
  type PlanLimits,
  countMessage,
  deferMessageCount,
  releaseQuota,
  reserveQuota,
} from "@wharf/core";
import type { Context, Next } from "hono";
import type { TenantEnv } from "../env";

type QuotaRule = { take: CountedQuota | "messagesPerDay" } | { free: CountedQuota };

/**
 * Which routes take or free which quota, by method and route path. Creates reserve before the
 * handler runs (so concurrent creates cannot overshoot) and give the unit back if the create
 * fails; deletes free a unit once they succeeded.
 */
const QUOTA_RULES: Record<string, QuotaRule> = {
  "POST /v1/sessions": { take: "sessions" },
  "DELETE /v1/sessions/:id": { free: "sessions" },
  "POST /v1/api-keys": { take: "apiKeys" },
  "DELETE /v1/api-keys/:id": { free: "apiKeys" },
  "POST /v1/webhooks": { take: "webhooks" },
  "DELETE /v1/webhooks/:id": { free: "webhooks" },
  "POST /v1/sessions/:id/messages": { take: "messagesPerDay" },
};

export function quotaRule(method: string, routePath: string): QuotaRule | undefined {
  return QUOTA_RULES[`${method.toUpperCase()} ${routePath}`];
}

const succeeded = (c: Context) => c.res.status >= 200 && c.res.status < 300;

/** Applies the route's quota rule (if any) around the handler. */
export async function withQuota(
  store: LimitStore,
  t: { tenantId: string; plan: PlanName; limits: PlanLimits; now: number; atomicSendCount: boolean },
  c: Context<TenantEnv>,
  next: Next,
): Promise<void> {
  const rule = quotaRule(c.req.method, c.req.routePath);
  if (!rule) return next();
  if ("free" in rule) {
    await next();
    if (succeeded(c)) await releaseQuota(store, t.tenantId, rule.free);
    return;
  }
  if (rule.take === "messagesPerDay" && t.atomicSendCount) {
    // counted by the send itself inside its accept write (one call fewer); so a send refused for
    // another reason first (409 session not open) is not told about the quota
    const count = deferMessageCount(store, t.tenantId, t.plan, t.now, t.limits);
    c.set("messageCount", count);
    return giveBackUnlessSucceeded(store, t.tenantId, c, next, () => (count.counted ? count.rider.counter : null));
  }
  const counter =
    rule.take === "messagesPerDay"
      ? await countMessage(store, t.tenantId, t.plan, t.now, t.limits)
      : (await reserveQuota(store, t.tenantId, rule.take, t.plan, t.limits), rule.take);
  return giveBackUnlessSucceeded(store, t.tenantId, c, next, () => counter);
}

async function giveBackUnlessSucceeded(
  store: LimitStore,
  tenantId: string,
  c: Context<TenantEnv>,
  next: Next,
  taken: () => string | null,
): Promise<void> {
  let ok = false;
  try {
    await next();
    ok = succeeded(c);
  } finally {
    const counter = ok ? null : taken();
    if (counter !== null) await store.release(tenantId, counter);
  }
}
