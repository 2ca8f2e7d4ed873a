import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { ActionAccepted, EditMessageBody, MarkReadBody, SendPresenceBody } from "@wharf/contracts";
import { deleteMessage, editMessage, markRead, sendPresence, withRequestId, type ActionDeps } from "@wharf/core";
import type { Context } from "hono";
import type { AppDeps, AppEnv, DataPathDeps, TenantEnv } from "../env";
import { requireTenant } from "../http/auth";
import { SessionMessageParams, SessionParams } from "../schemas/data-path";
import { TENANT_SECURITY, errorResponses, jsonBody, jsonResponse } from "../schemas/openapi";

const ActionAcceptedSchema = ActionAccepted.clone().openapi("ActionAccepted");
const EditMessageBodySchema = EditMessageBody.clone().openapi("EditMessageBody");
const MarkReadBodySchema = MarkReadBody.clone().openapi("MarkReadBody");
const SendPresenceBodySchema = SendPresenceBody.clone().openapi("SendPresenceBody");
const accepted = { status: "accepted" as const };

/**
 * Edit, delete for everyone, mark read, presence: each one command to the session's owner
 * (202 accepted); the stored message changes when the owner reports WhatsApp took it.
 */
export function registerMessageActionRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, data: DataPathDeps): void {
  const base: ActionDeps = {
    sessions: deps.repos.sessions,
    messages: data.messages,
    commands: data.commands,
    clock: deps.clock,
  };
  // commands carry the request id, so the worker's logs and the resulting events name it
  const traced = (c: Context<TenantEnv>): ActionDeps => ({
    ...base,
    commands: withRequestId(base.commands, c.get("requestId")),
  });
  const common = { tags: ["messages"], security: TENANT_SECURITY, middleware: requireTenant(deps) };
  const responses = {
    202: jsonResponse("the command is on its way to the session's owner", ActionAcceptedSchema),
    ...errorResponses("invalid_state", "unavailable"),
  };

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions/{id}/messages/{msgId}/edit",
      summary: "Edit a text this account sent (409 for other messages)",
      request: { params: SessionMessageParams, body: jsonBody(EditMessageBodySchema) },
      responses,
    }),
    async (c) => {
      const { id, msgId } = c.req.valid("param");
      await editMessage(traced(c), c.get("tenantId"), id, msgId, c.req.valid("json"));
      return c.json(accepted, 202);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "delete",
      path: "/v1/sessions/{id}/messages/{msgId}",
      summary: "Delete for everyone a message this account sent; it stays as a tombstone",
      request: { params: SessionMessageParams },
      responses,
    }),
    async (c) => {
      const { id, msgId } = c.req.valid("param");
      await deleteMessage(traced(c), c.get("tenantId"), id, msgId);
      return c.json(accepted, 202);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions/{id}/read",
      summary: "Send read receipts for a chat's newest unread messages, or for the listed ones",
      request: { params: SessionParams, body: jsonBody(MarkReadBodySchema) },
      responses,
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await markRead(traced(c), c.get("tenantId"), id, c.req.valid("json"));
      return c.json(accepted, 202);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions/{id}/presence",
      summary: "Show typing (composing), recording or stop (paused) in a chat",
      request: { params: SessionParams, body: jsonBody(SendPresenceBodySchema) },
      responses,
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await sendPresence(traced(c), c.get("tenantId"), id, c.req.valid("json"));
      return c.json(accepted, 202);
    },
  );
}
