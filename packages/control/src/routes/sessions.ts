import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { createSession, deleteSession, getSession, listVisibleSessions, updateSession } from "@wharf/core";
import type { AppDeps, AppEnv } from "../env";
import { requireTenant } from "../http/auth";
import { liveOwners } from "../live-owners";
import { toPage, toSession } from "../mappers";
import {
  CreateSessionBodySchema,
  PageQuerySchema,
  SessionIdParams,
  SessionPageSchema,
  SessionSchema,
  TENANT_SECURITY,
  UpdateSessionBodySchema,
  errorResponses,
  jsonBody,
  jsonResponse,
} from "../schemas/openapi";

export function registerSessionRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const sessionDeps = { sessions: deps.repos.sessions, clock: deps.clock };
  const common = { tags: ["sessions"], security: TENANT_SECURITY, middleware: requireTenant(deps) };
  const owners = liveOwners(deps.data.fleet, deps.clock);
  type Record = Parameters<typeof toSession>[0];
  const presenter = async (records: Record[]) => {
    const live = await owners(records.map((r) => r.lease.owner));
    return (r: Record) => toSession(r, deps.clock.now(), live);
  };

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions",
      summary: "Create a session (status `created`; linking a phone is a separate step)",
      request: { body: jsonBody(CreateSessionBodySchema) },
      responses: { 201: jsonResponse("session created", SessionSchema) },
    }),
    async (c) => {
      const session = await createSession(sessionDeps, c.get("tenantId"), c.req.valid("json"));
      c.get("logger").info({ sessionId: session.id }, "session created");
      return c.json((await presenter([session]))(session), 201);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/sessions",
      summary: "List the calling tenant's sessions, newest first",
      request: { query: PageQuerySchema },
      responses: { 200: jsonResponse("a page of sessions", SessionPageSchema) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const page = listVisibleSessions(sessionDeps, c.get("tenantId"), { limit, cursor }, c.get("access"));
      const records = await toPage(page, (r) => r);
      const present = await presenter(records.data);
      return c.json({ data: records.data.map(present), nextCursor: records.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/sessions/{id}",
      summary: "Get one session",
      request: { params: SessionIdParams },
      responses: { 200: jsonResponse("the session", SessionSchema) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const session = await getSession(sessionDeps, c.get("tenantId"), id);
      return c.json((await presenter([session]))(session), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "patch",
      path: "/v1/sessions/{id}",
      summary: "Rename a session or change its pacing (pacing fields merge into the current ones)",
      request: { params: SessionIdParams, body: jsonBody(UpdateSessionBodySchema) },
      responses: {
        200: jsonResponse("the updated session", SessionSchema),
        ...errorResponses("conflict"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const session = await updateSession(sessionDeps, c.get("tenantId"), id, c.req.valid("json"));
      return c.json((await presenter([session]))(session), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "delete",
      path: "/v1/sessions/{id}",
      summary: "Delete a session and its stored WhatsApp credentials",
      request: { params: SessionIdParams },
      responses: { 204: { description: "session deleted" } },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await deleteSession(sessionDeps, c.get("tenantId"), id);
      c.get("logger").info({ sessionId: id }, "session deleted");
      return c.body(null, 204);
    },
  );
}
