import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { createSession, deleteSession, getSession, listVisibleSessions, updateSession } from "@wharf/core";
import type { AppDeps, AppEnv } from "../env";
import { requireTenant } from "../http/auth";
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
  const present = (r: Parameters<typeof toSession>[0]) => toSession(r, deps.clock.now());

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
      return c.json(present(session), 201);
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
      return c.json(await toPage(page, present), 200);
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
      return c.json(present(await getSession(sessionDeps, c.get("tenantId"), id)), 200);
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
      return c.json(present(session), 200);
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
