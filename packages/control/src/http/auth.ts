import { ForbiddenError, UnauthorizedError, authenticateApiKey, isAdminKey, type ApiKeyRecord } from "@wharf/core";
import type { Context, MiddlewareHandler } from "hono";
import type { AppDeps, AppEnv, TenantEnv } from "../env";
import { limitTenantRequest } from "./rate-limit";

/** lastUsedAt is advisory: write it at most this often per key so reads stay reads. */
export const TOUCH_INTERVAL_MS = 60_000;

/** Extracts the token of `Authorization: Bearer <token>`; anything else is 401. */
export function bearerToken(header: string | undefined): string {
  if (!header) throw new UnauthorizedError("missing Authorization header: send Authorization: Bearer <api key>");
  const match = /^Bearer +([^\s]+) *$/i.exec(header);
  if (!match?.[1]) throw new UnauthorizedError("malformed Authorization header: expected Bearer <api key>");
  return match[1];
}

/** Platform-admin routes (tenants). A valid tenant key here is told it lacks the right, not that it is wrong. */
export function requireAdmin(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const keyDeps = { apiKeys: deps.repos.apiKeys, clock: deps.clock };
  return async (c, next) => {
    const token = bearerToken(c.req.header("authorization"));
    if (isAdminKey(token, deps.adminKeyHash)) {
      c.set("logger", c.get("logger").child({ principal: "admin" }));
      return next();
    }
    const tenantKey = await authenticateApiKey(keyDeps, token).catch(() => null);
    if (tenantKey) throw new ForbiddenError("tenant API keys cannot manage tenants; use the platform admin key");
    throw new UnauthorizedError("invalid admin key");
  };
}

/**
 * Tenant routes: resolves the key to its tenant and puts tenantId/keyId on the context. Every
 * handler behind this reads the tenant from here, never from the request, which is what makes
 * another tenant's ids indistinguishable from missing ones.
 */
export function requireTenant(deps: AppDeps): MiddlewareHandler<TenantEnv> {
  const keyDeps = { apiKeys: deps.repos.apiKeys, clock: deps.clock };
  return async (c, next) => {
    const token = bearerToken(c.req.header("authorization"));
    if (isAdminKey(token, deps.adminKeyHash)) {
      throw new ForbiddenError("the platform admin key only manages tenants; use one of the tenant's API keys");
    }
    const key = await authenticateApiKey(keyDeps, token);
    c.set("tenantId", key.tenantId);
    c.set("keyId", key.id);
    c.set("logger", c.get("logger").child({ tenantId: key.tenantId, keyId: key.id }));
    await touchIfStale(deps, c, key);
    return limitTenantRequest(deps, c, next);
  };
}

/** Best effort: a failed touch is logged and forgotten, never the request's problem. */
async function touchIfStale(deps: AppDeps, c: Context<TenantEnv>, key: ApiKeyRecord): Promise<void> {
  const now = deps.clock.now();
  const last = key.lastUsedAt ? Date.parse(key.lastUsedAt) : Number.NEGATIVE_INFINITY;
  if (now.getTime() - last < TOUCH_INTERVAL_MS) return;
  try {
    await deps.repos.apiKeys.touch(key.tenantId, key.id, now.toISOString());
  } catch (err) {
    c.get("logger").warn({ err }, "could not record api key use");
  }
}
