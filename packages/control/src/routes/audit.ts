import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { AuditEntry, AuditQuery, pageOf } from "@wharf/contracts";
import { listAuditEntries } from "@wharf/core";
import type { AppDeps, AppEnv } from "../env";
import { requireTenant } from "../http/auth";
import { toPage } from "../mappers";
import { TENANT_SECURITY, jsonResponse } from "../schemas/openapi";

/** Named clones for the OpenAPI document (see schemas/openapi.ts for why clones). */
const AuditEntrySchema = AuditEntry.clone().openapi("AuditEntry");
const AuditPageSchema = pageOf(AuditEntrySchema).openapi("AuditPage");
const AuditQuerySchema = AuditQuery.clone();

/** The tenant's audit log: who changed what, when, from where, and how it ended. */
export function registerAuditRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openapi(
    createRoute({
      tags: ["audit"],
      security: TENANT_SECURITY,
      middleware: requireTenant(deps),
      method: "get",
      path: "/v1/audit",
      summary: "The tenant's audit log, newest first: every POST, PUT, PATCH and DELETE, refused ones too",
      description:
        "Each entry names the actor (a key id with the scopes it had, or `admin`), the action (e.g. `session.create`), " +
        "the target id, the result (status, ok/error, error code), the request id and the source address. " +
        "Entries are kept 90 days unless the deployment says otherwise. Filter by `actor`, `action` and a `from`/`to` window; " +
        "with an actor or action filter a page may hold fewer than `limit` entries: follow `nextCursor` until it is null.",
      request: { query: AuditQuerySchema },
      responses: { 200: jsonResponse("a page of audit entries", AuditPageSchema) },
    }),
    async (c) => {
      const { limit, cursor, actor, action, from, to } = c.req.valid("query");
      const filter = {
        ...(actor ? { actor } : {}),
        ...(action ? { action } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      };
      const page = listAuditEntries({ audit: deps.repos.audit }, c.get("tenantId"), filter, { limit, cursor });
      return c.json(await toPage(page, (e) => e), 200);
    },
  );
}
