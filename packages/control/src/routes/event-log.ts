import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { EventLogEntry, EventLogQuery, pageOf } from "@wharf/contracts";
import { listVisibleEvents } from "@wharf/core";
import type { AppDeps, AppEnv, DataPathDeps } from "../env";
import { requireTenant } from "../http/auth";
import { toPage } from "../mappers";
import { TENANT_SECURITY, jsonResponse } from "../schemas/openapi";

/** Named clones for the OpenAPI document (see schemas/openapi.ts for why clones). */
const EventLogEntrySchema = EventLogEntry.clone().openapi("EventLogEntry");
const EventLogPageSchema = pageOf(EventLogEntrySchema).openapi("EventLogPage");
const EventLogQuerySchema = EventLogQuery.clone();

/** The tenant's event log: session status changes, instability, failed sends and webhook failures. */
export function registerEventLogRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, data: DataPathDeps): void {
  app.openapi(
    createRoute({
      tags: ["events"],
      security: TENANT_SECURITY,
      middleware: requireTenant(deps),
      method: "get",
      path: "/v1/events",
      summary: "The tenant's recent events, newest first (kept 30 days)",
      description:
        "Session status changes with their disconnect reasons, unstable sessions, sends that failed and webhook deliveries that failed " +
        "(the first failure and the dead-lettering). Filter by `sessionId` (another tenant's session is a 404) and `type`. " +
        "With a type filter a page may hold fewer than `limit` entries; follow `nextCursor` until it is null.",
      request: { query: EventLogQuerySchema },
      responses: { 200: jsonResponse("a page of events", EventLogPageSchema) },
    }),
    async (c) => {
      const { limit, cursor, sessionId, type } = c.req.valid("query");
      const filter = { ...(sessionId ? { sessionId } : {}), ...(type ? { type } : {}) };
      const page = listVisibleEvents(
        { eventLog: data.eventLog, sessions: deps.repos.sessions },
        c.get("tenantId"),
        filter,
        { limit, cursor },
        c.get("access"),
      );
      return c.json(await toPage(page, (e) => e), 200);
    },
  );
}
