import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { getFleetView } from "@wharf/core";
import type { AppDeps, AppEnv, DataPathDeps } from "../env";
import { requireAdmin, requireTenant } from "../http/auth";
import { mintRealtimeToken } from "../realtime/tokens";
import { FleetViewSchema, RealtimeTokenSchema } from "../schemas/data-path";
import { ADMIN_SECURITY, TENANT_SECURITY, jsonResponse } from "../schemas/openapi";

/** Realtime tokens for the dashboard and the admin fleet view. */
export function registerRealtimeAndFleetRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, data: DataPathDeps): void {
  app.openapi(
    createRoute({
      tags: ["realtime"],
      security: TENANT_SECURITY,
      middleware: requireTenant(deps),
      method: "post",
      path: "/v1/realtime/tokens",
      summary: "Mint a short-lived token for the realtime WebSocket (`?token=`)",
      responses: { 201: jsonResponse("the token", RealtimeTokenSchema) },
    }),
    async (c) => {
      const { token, expiresAt } = await mintRealtimeToken(
        data.realtime.tokenKey,
        // the token carries the key's limits: the socket gets only frames the key could read
        {
          tenantId: c.get("tenantId"),
          keyId: c.get("keyId"),
          scopes: c.get("access").scopes,
          sessionIds: c.get("access").sessionIds,
        },
        deps.clock.now(),
        data.realtime.tokenTtlSeconds,
      );
      c.header("Cache-Control", "no-store");
      return c.json({ token, expiresAt: expiresAt.toISOString(), url: data.realtime.url }, 201);
    },
  );

  app.openapi(
    createRoute({
      tags: ["fleet"],
      security: ADMIN_SECURITY,
      middleware: requireAdmin(deps),
      method: "get",
      path: "/v1/fleet",
      summary: "Workers, their load, sessions by status and recent reconnects (platform admin)",
      responses: { 200: jsonResponse("the fleet", FleetViewSchema) },
    }),
    async (c) => c.json(await getFleetView({ fleet: data.fleet, clock: deps.clock }), 200),
  );
}
