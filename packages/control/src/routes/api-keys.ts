import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { createApiKey, listApiKeys, revokeApiKey } from "@wharf/core";
import type { AppDeps, AppEnv } from "../env";
import { requireTenant } from "../http/auth";
import { toApiKey, toCreatedApiKey, toPage } from "../mappers";
import {
  ApiKeyIdParams,
  ApiKeyPageSchema,
  CreateApiKeyBodySchema,
  CreatedApiKeySchema,
  PageQuerySchema,
  TENANT_SECURITY,
  jsonBody,
  jsonResponse,
} from "../schemas/openapi";

export function registerApiKeyRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const keyDeps = { apiKeys: deps.repos.apiKeys, sessions: deps.repos.sessions, clock: deps.clock };
  const common = { tags: ["api-keys"], security: TENANT_SECURITY, middleware: requireTenant(deps) };

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/api-keys",
      summary: "Create an API key for the calling tenant (the secret is shown only here)",
      description:
        "`scopes` limits what the key may do and `sessionIds` which sessions it sees; omitted, each is the calling key's own. " +
        "A key never grants a scope it lacks (403, the missing scopes in `error.details`); a session-limited key holds session scopes only.",
      request: { body: jsonBody(CreateApiKeyBodySchema) },
      responses: { 201: jsonResponse("key created", CreatedApiKeySchema) },
    }),
    async (c) => {
      const { record, secret } = await createApiKey(keyDeps, c.get("tenantId"), c.req.valid("json"), c.get("access"));
      c.get("logger").info({ createdKeyId: record.id }, "api key created");
      return c.json(toCreatedApiKey(record, secret), 201);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/api-keys",
      summary: "List the calling tenant's API keys (prefixes only, never secrets)",
      request: { query: PageQuerySchema },
      responses: { 200: jsonResponse("a page of keys", ApiKeyPageSchema) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(await toPage(listApiKeys(keyDeps, c.get("tenantId"), { limit, cursor }), toApiKey), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "delete",
      path: "/v1/api-keys/{id}",
      summary:
        "Revoke an API key; it stops working at once (a key may revoke itself, never one holding scopes it lacks)",
      request: { params: ApiKeyIdParams },
      responses: { 204: { description: "key revoked" } },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await revokeApiKey(keyDeps, c.get("tenantId"), id, c.get("access"));
      // its realtime connections go too (the key is gone first, so no new one can open)
      const sockets = await deps.data.realtime.closeKeyConnections(c.get("tenantId"), id);
      c.get("logger").info(
        { revokedKeyId: id, realtimeClosed: sockets.closed, realtimeCloseFailed: sockets.failed },
        "api key revoked",
      );
      return c.body(null, 204);
    },
  );
}
