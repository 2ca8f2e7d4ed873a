import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import {
  connectSession,
  disconnectSession,
  getLinkCredentials,
  logoutSession,
  withRequestId,
  type SessionControlDeps,
} from "@wharf/core";
import type { AppDeps, AppEnv, DataPathDeps } from "../env";
import { requireTenant } from "../http/auth";
import { liveOwners } from "../live-owners";
import { toSession } from "../mappers";
import { ConnectBodySchema, LinkCredentialsSchema, SessionParams } from "../schemas/data-path";
import { SessionSchema, TENANT_SECURITY, errorResponses, jsonBody, jsonResponse } from "../schemas/openapi";

/** Connect, disconnect, log out, and the QR to scan. */
export function registerSessionControlRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, data: DataPathDeps): void {
  const control: SessionControlDeps = {
    sessions: deps.repos.sessions,
    links: data.links,
    commands: data.commands,
    authState: data.authState,
    clock: deps.clock,
  };
  // each request's commands carry its id (worker logs, the events they cause, webhooks)
  const traced = (requestId: string): SessionControlDeps => ({
    ...control,
    commands: withRequestId(control.commands, requestId),
  });
  const common = { tags: ["session control"], security: TENANT_SECURITY, middleware: requireTenant(deps) };
  const owners = liveOwners(data.fleet, deps.clock);
  const accepted = jsonResponse(
    "accepted: the session as it is now; progress arrives as status changes",
    SessionSchema,
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions/{id}/connect",
      summary: "Connect: link by QR code or pairing code (or reconnect with stored credentials)",
      request: { params: SessionParams, body: jsonBody(ConnectBodySchema) },
      responses: { 202: accepted, ...errorResponses("invalid_state", "conflict") },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const session = await connectSession(traced(c.get("requestId")), c.get("tenantId"), id, c.req.valid("json"));
      c.get("logger").info({ sessionId: id, method: c.req.valid("json").method }, "connect requested");
      return c.json(toSession(session, deps.clock.now(), await owners([session.lease.owner])), 202);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions/{id}/disconnect",
      summary: "Disconnect: close the socket and keep the credentials (connect again without re-linking)",
      request: { params: SessionParams },
      responses: { 202: accepted, ...errorResponses("invalid_state", "conflict") },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const session = await disconnectSession(traced(c.get("requestId")), c.get("tenantId"), id);
      c.get("logger").info({ sessionId: id }, "disconnect requested");
      return c.json(toSession(session, deps.clock.now(), await owners([session.lease.owner])), 202);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions/{id}/logout",
      summary: "Log out: unlink the device from the phone and forget the credentials",
      request: { params: SessionParams },
      responses: { 202: accepted, ...errorResponses("invalid_state", "conflict") },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const session = await logoutSession(traced(c.get("requestId")), c.get("tenantId"), id);
      c.get("logger").info({ sessionId: id }, "logout requested");
      return c.json(toSession(session, deps.clock.now(), await owners([session.lease.owner])), 202);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/sessions/{id}/qr",
      summary: "The current QR code (string and PNG data URL) or pairing code, with its expiry",
      request: { params: SessionParams },
      responses: {
        200: jsonResponse("what to show for linking; nulls while none is current", LinkCredentialsSchema),
        ...errorResponses("invalid_state"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const link = await getLinkCredentials(control, c.get("tenantId"), id);
      // the QR encoder (~60 KB with its PNG writer) loads on the first QR asked for, not at cold start
      const dataUrl = link?.qr
        ? await (await import("qrcode")).default.toDataURL(link.qr, {
            errorCorrectionLevel: "L",
            margin: 2,
            width: 264,
          })
        : null;
      c.header("Cache-Control", "no-store");
      return c.json(
        { qr: link?.qr ?? null, dataUrl, pairingCode: link?.pairingCode ?? null, expiresAt: link?.expiresAt ?? null },
        200,
      );
    },
  );
}
