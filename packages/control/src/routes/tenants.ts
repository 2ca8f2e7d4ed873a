import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { UpdateTenantBody } from "@wharf/contracts";
import {
  DEFAULT_PLAN,
  createApiKey,
  createTenant,
  getTenant,
  listTenants,
  reserveQuota,
  setTenantPlan,
} from "@wharf/core";
import type { AppDeps, AppEnv } from "../env";
import { requireAdmin } from "../http/auth";
import { forgetPlan, limitsOf } from "../http/rate-limit";
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

const UpdateTenantBodySchema = UpdateTenantBody.clone().openapi("UpdateTenantBody");

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
      // the first key counts against the API-key quota like every other
      const limits = deps.data.limits;
      if (limits) await reserveQuota(limits.store, tenant.id, "apiKeys", DEFAULT_PLAN, limitsOf(limits, DEFAULT_PLAN));
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

  app.openapi(
    createRoute({
      ...common,
      method: "patch",
      path: "/v1/tenants/{id}",
      summary: "Assign a tenant's plan (request rate and quotas); applies from the next request",
      request: { params: TenantIdParams, body: jsonBody(UpdateTenantBodySchema) },
      responses: { 200: jsonResponse("the tenant with its new plan", TenantSchema) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const tenant = await setTenantPlan(tenantDeps, id, c.req.valid("json").plan);
      forgetPlan(deps, id);
      c.get("logger").info({ tenantId: id, plan: tenant.plan }, "tenant plan changed");
      return c.json(toTenant(tenant), 200);
    },
  );
}
