import type { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import type { AppDeps, AppEnv } from "../env";
import { API_KEY_SCOPES, SCOPE_DESCRIPTIONS } from "@wharf/contracts";
import { withRateLimitResponses } from "../http/rate-limit-openapi";
import { withImpliedErrorResponses } from "../http/route-errors";
import { withScopeRequirements } from "../http/scopes";
import { ErrorBodySchema } from "../schemas/openapi";

export const OPENAPI_PATH = "/v1/openapi.json";
export const DOCS_PATH = "/v1/docs";

/**
 * Serves the OpenAPI 3.1 document generated from the routes' zod schemas and a Swagger UI
 * page over it (the page loads its assets from a CDN in the browser; nothing is bundled).
 * Each operation's error statuses come from facts about it (withImpliedErrorResponses).
 */
export function registerDocsRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "adminKey", {
    type: "http",
    scheme: "bearer",
    description: "The platform admin key (manages tenants only).",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "tenantKey", {
    type: "http",
    scheme: "bearer",
    description:
      "A tenant API key (`wharf_sk_…`), from POST /v1/tenants or POST /v1/api-keys. Each operation lists the scope it needs; " +
      "a key without it gets 403 with `error.details[].code` `missing_scope` naming it. Keys without scopes have full access. Scopes: " +
      API_KEY_SCOPES.map((s) => `\`${s}\` (${SCOPE_DESCRIPTIONS[s]})`).join("; ") +
      ".",
  });
  // the implied error responses refer to it, whether or not a route names it
  app.openAPIRegistry.register("Error", ErrorBodySchema);

  const documentConfig = {
    openapi: "3.1.0",
    info: {
      title: "Wharf API",
      version: deps.version,
      description:
        "Multi-tenant WhatsApp sessions. Authenticate with `Authorization: Bearer <key>`. " +
        "Errors share one shape: `{ error: { code, message, details?, requestId } }`.",
    },
    tags: [
      { name: "tenants", description: "platform admin: create and list tenants" },
      { name: "api-keys", description: "a tenant's API keys" },
      { name: "sessions", description: "a tenant's WhatsApp sessions" },
      { name: "audit", description: "who changed what in the tenant, kept 90 days by default" },
      { name: "health", description: "liveness" },
    ],
  };
  // Generated on first request (every route is registered by then), then reused.
  let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  app.get(OPENAPI_PATH, (c) => {
    document ??= withScopeRequirements(
      withRateLimitResponses(withImpliedErrorResponses(app.getOpenAPI31Document(documentConfig))),
      API_KEY_SCOPES,
    );
    return c.json(document);
  });

  app.get(DOCS_PATH, swaggerUI({ url: OPENAPI_PATH, persistAuthorization: true }));
}
