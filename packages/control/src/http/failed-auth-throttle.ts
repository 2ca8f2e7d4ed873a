import { DEFAULT_AUTH_FAILURE_POLICY, checkAuthFailures, recordAuthFailure } from "@wharf/core";
import type { Context, MiddlewareHandler } from "hono";
import type { AppDeps, AppEnv } from "../env";

/**
 * The caller's address: API Gateway's sourceIp in Lambda (HTTP API v2 or REST v1 events), the
 * socket's peer in the Node server; null when neither is known (in-process test requests).
 */
export function sourceAddress(c: Context): string | null {
  const env = (c.env ?? {}) as {
    requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } };
    incoming?: { socket?: { remoteAddress?: string } };
  };
  return (
    env.requestContext?.http?.sourceIp ??
    env.requestContext?.identity?.sourceIp ??
    env.incoming?.socket?.remoteAddress ??
    null
  );
}

/**
 * How long an instance trusts "this address is not blocked" after reading it, as API keys are
 * cached: a busy caller then costs no read per request. Any 401 from the address here drops it,
 * so a guesser is read every time; only a block made on another instance is seen this late.
 */
export const CLEARED_ADDRESS_MS = 5_000;
const MAX_CLEARED = 10_000;

/**
 * Throttles key guessing: every 401 counts against the source address, and an address that
 * used up its failures for the window gets 429 on every request until the window ends.
 */
export function failedAuthThrottle(deps: AppDeps): MiddlewareHandler<AppEnv> {
  // per instance: addresses read as not blocked, until when
  const cleared = new Map<string, number>();
  return async (c, next) => {
    const limits = deps.data.limits;
    const address = limits ? sourceAddress(c) : null;
    if (!limits || !address) return next();
    const policy = limits.authFailures ?? DEFAULT_AUTH_FAILURE_POLICY;
    const now = deps.clock.now().getTime();
    if ((cleared.get(address) ?? 0) <= now) {
      await checkAuthFailures(limits.store, address, now, policy);
      if (cleared.size >= MAX_CLEARED) cleared.clear();
      cleared.set(address, now + CLEARED_ADDRESS_MS);
    }
    await next();
    if (c.res.status !== 401) return;
    cleared.delete(address);
    try {
      await recordAuthFailure(limits.store, address, deps.clock.now().getTime(), policy);
    } catch (err) {
      c.get("logger").warn({ err }, "could not record a failed authentication");
    }
  };
}
