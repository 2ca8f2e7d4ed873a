import {
  ForbiddenError,
  UnauthorizedError,
  accessOf,
  allScopes,
  authenticateApiKey,
  isAdminKey,
  requireScopes,
  requireSessionVisible,
  requireUnlimited,
  type ApiKeyRecord,
  type KeyAccess,
} from "@wharf/core";
import type { Context, MiddlewareHandler } from "hono";
import type { AppDeps, AppEnv, TenantEnv } from "../env";
import { limitTenantRequest } from "./rate-limit";
import { namesSession, operationKey, policyOf } from "./scopes";

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
      c.set("principal", { type: "admin" });
      setOperation(c);
      return next();
    }
    const tenantKey = await authenticateApiKey(keyDeps, token).catch(() => null);
    if (tenantKey) throw new ForbiddenError("tenant API keys cannot manage tenants; use the platform admin key");
    throw new UnauthorizedError("invalid admin key");
  };
}

/** Remembers the matched operation for the audit trail (route-level middleware sees the route's path). */
function setOperation(c: Context<AppEnv> | Context<TenantEnv>): void {
  const routePath = c.req.routePath;
  (c as Context<AppEnv>).set("operation", {
    key: operationKey(c.req.method, routePath),
    method: c.req.method,
    routePath,
    pathId: routePath.includes(":id") ? (c.req.param("id") ?? null) : null,
  });
}

/**
 * The operation's policy (http/scopes.ts) applied to the key: the scope it needs (every
 * scope for a route the table does not know), no creating for session-limited keys, and a
 * session outside the key's limit is a 404 like another tenant's.
 */
function enforcePolicy(c: Context<TenantEnv>, access: KeyAccess): void {
  const routePath = c.req.routePath;
  const policy = policyOf(c.req.method, routePath);
  requireScopes(access, policy?.scope ? [policy.scope] : allScopes());
  if (policy?.unlimitedOnly) requireUnlimited(access, "create sessions");
  const id = namesSession(routePath) ? c.req.param("id") : undefined;
  if (id !== undefined) requireSessionVisible(access, id);
}

/**
 * Tenant routes: resolves the key to its tenant and puts tenantId/keyId/access on the context,
 * then enforces the route's scope and session limit. Every handler behind this reads the
 * tenant from here, never from the request, which is what makes another tenant's ids
 * indistinguishable from missing ones.
 */
export function requireTenant(deps: AppDeps): MiddlewareHandler<TenantEnv> {
  const keyDeps = { apiKeys: deps.repos.apiKeys, clock: deps.clock };
  return async (c, next) => {
    const token = bearerToken(c.req.header("authorization"));
    if (isAdminKey(token, deps.adminKeyHash)) {
      throw new ForbiddenError("the platform admin key only manages tenants; use one of the tenant's API keys");
    }
    const key = await authenticateApiKey(keyDeps, token);
    const access = accessOf(key);
    c.set("tenantId", key.tenantId);
    c.set("keyId", key.id);
    c.set("access", access);
    c.set("principal", { type: "api_key", tenantId: key.tenantId, keyId: key.id, access });
    c.set("logger", c.get("logger").child({ tenantId: key.tenantId, keyId: key.id }));
    setOperation(c);
    await touchIfStale(deps, c, key);
    enforcePolicy(c, access);
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
