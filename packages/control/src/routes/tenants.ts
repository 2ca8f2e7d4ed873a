import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { createApiKey, createTenant, getTenant, listTenants } from "@wharf/core";
import type { AppDeps, AppEnv } from "../env";
import { requireAdmin } from "../http/auth";
import { toCreatedApiKey, toPage, toTenant } from "../mappers";
import {
  ADMIN_SECURITY,
  CreateTenantBodySchema,
  CreatedTenantSchema,
  PageQuerySchema,
  TenantIdParams,
  TenantPageSchema,
  TenantSchema,
  jsonBody,
  jsonResponse,
} from "../schemas/openapi";

/** Name of the key every new tenant gets, so it can call the API at once. */
export const FIRST_KEY_NAME = "default";

export function registerTenantRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const admin = requireAdmin(deps);
  const tenantDeps = { tenants: deps.repos.tenants, clock: deps.clock };
  const keyDeps = { apiKeys: deps.repos.apiKeys, clock: deps.clock };
  const common = { tags: ["tenants"], security: ADMIN_SECURITY, middleware: admin };

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/tenants",
      summary: "Create a tenant and its first API key (the secret is shown only here)",
      request: { body: jsonBody(CreateTenantBodySchema) },
      responses: {
        201: jsonResponse("tenant created", CreatedTenantSchema),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const tenant = await createTenant(tenantDeps, body);
      const { record, secret } = await createApiKey(keyDeps, tenant.id, { name: FIRST_KEY_NAME });
      c.get("logger").info({ tenantId: tenant.id, keyId: record.id }, "tenant created");
      return c.json({ tenant: toTenant(tenant), apiKey: toCreatedApiKey(record, secret) }, 201);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/tenants",
      summary: "List tenants",
      request: { query: PageQuerySchema },
      responses: { 200: jsonResponse("a page of tenants", TenantPageSchema) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(await toPage(listTenants(tenantDeps, { limit, cursor }), toTenant), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/tenants/{id}",
      summary: "Get one tenant",
      request: { params: TenantIdParams },
      responses: { 200: jsonResponse("the tenant", TenantSchema) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      return c.json(toTenant(await getTenant(tenantDeps, id)), 200);
    },
  );
}
