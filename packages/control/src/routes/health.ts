import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../env";
import { HealthBodySchema, jsonResponse } from "../schemas/openapi";

const health = createRoute({
  method: "get",
  path: "/v1/health",
  tags: ["health"],
  summary: "Liveness of the API (no auth)",
  responses: { 200: jsonResponse("the API answers", HealthBodySchema) },
});

/** No I/O on purpose: health says the function runs, not that every dependency does. */
export function registerHealthRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openapi(health, (c) =>
    c.json({ status: "ok" as const, version: deps.version, time: deps.clock.now().toISOString() }, 200),
  );
}
