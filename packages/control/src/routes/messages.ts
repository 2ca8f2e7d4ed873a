import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { IdempotencyKey } from "@wharf/contracts";
import {
  ValidationError,
  chatJidOf,
  getMessage,
  listChatMessages,
  listChats,
  listContacts,
  markChatRead,
  presentMessage,
  sendMessage,
  toChat,
  toContact,
  withRequestId,
  type MessageReadDeps,
  type SendDeps,
} from "@wharf/core";
import type { AppDeps, AppEnv, DataPathDeps } from "../env";
import { acceptAuditOf } from "../http/audit-trail";
import { requireTenant } from "../http/auth";
import { toPage } from "../mappers";
import {
  ChatPageSchema,
  ChatSchema,
  ContactPageSchema,
  IdempotencyHeaders,
  MessagePageSchema,
  MessageSchema,
  SendAcceptedSchema,
  SendMessageBodySchema,
  SessionChatParams,
  SessionMessageParams,
  SessionParams,
} from "../schemas/data-path";
import { PageQuerySchema, TENANT_SECURITY, errorResponses, jsonBody, jsonResponse } from "../schemas/openapi";

/** The Idempotency-Key header, validated like any other input (400 on headers.idempotency-key). */
function idempotencyKeyOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const r = IdempotencyKey.safeParse(raw);
  if (!r.success)
    throw new ValidationError("invalid Idempotency-Key", [
      { path: "headers.idempotency-key", message: "1-255 printable ASCII characters", code: "invalid_idempotency_key" },
    ]);
  return r.data;
}

/** Sends and reads. Every read checks the session is the caller's first. */
export function registerMessageRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, data: DataPathDeps): void {
  const send: SendDeps = {
    sessions: deps.repos.sessions,
    messages: data.messages,
    idempotency: data.idempotency,
    pacing: data.pacing,
    commands: data.commands,
    clock: deps.clock,
    ...(data.media
      ? {
          media: { media: data.media.store, blobs: data.media.blobs, clock: deps.clock },
          allowPrivateMediaUrls: data.media.allowPrivateUrls ?? false,
        }
      : {}),
  };
  const reads: MessageReadDeps = {
    sessions: deps.repos.sessions,
    messages: data.messages,
    contacts: data.contacts,
    clock: deps.clock,
  };
  // file download URLs are minted per read, never stored
  const present = { blobs: data.media?.blobs, clock: deps.clock };
  const common = { tags: ["messages"], security: TENANT_SECURITY, middleware: requireTenant(deps) };

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions/{id}/messages",
      summary:
        "Send any kind of message (asynchronous: 202 queued, then status events). Idempotency-Key makes retries " +
        "safe. Media name an upload (POST /v1/media) or an https URL; 413 media_too_large over WhatsApp's limit.",
      request: { params: SessionParams, headers: IdempotencyHeaders, body: jsonBody(SendMessageBodySchema) },
      responses: {
        202: jsonResponse("queued", SendAcceptedSchema),
        ...errorResponses("conflict", "invalid_state", "rate_limited", "unavailable", "media_too_large"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const key = idempotencyKeyOf(c.req.header("idempotency-key"));
      // the command carries the request id: the worker logs it, the status events and webhooks too
      const traced = { ...send, commands: withRequestId(send.commands, c.get("requestId")) };
      const count = c.get("messageCount");
      const audit = acceptAuditOf(deps, c, 202);
      const result = await sendMessage(traced, c.get("tenantId"), id, c.req.valid("json"), key, {
        ...(count ? { count } : {}),
        ...(audit ? { audit } : {}),
      });
      if (result.replayed) c.header("Idempotent-Replayed", "true");
      else c.get("logger").info({ sessionId: id, messageId: result.body.id }, "message queued");
      return c.json(result.body, 202);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/sessions/{id}/messages/{msgId}",
      summary: "One message with its current status",
      request: { params: SessionMessageParams },
      responses: { 200: jsonResponse("the message", MessageSchema) },
    }),
    async (c) => {
      const { id, msgId } = c.req.valid("param");
      return c.json(await presentMessage(present, await getMessage(reads, c.get("tenantId"), id, msgId)), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/sessions/{id}/chats",
      summary: "Chats, most recent message first, with unread counts",
      request: { params: SessionParams, query: PageQuerySchema },
      responses: { 200: jsonResponse("a page of chats", ChatPageSchema) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { limit, cursor } = c.req.valid("query");
      return c.json(await toPage(listChats(reads, c.get("tenantId"), id, { limit, cursor }), toChat), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/sessions/{id}/chats/{jid}/messages",
      summary: "A chat's messages, newest first ({jid}: a JID or a phone number)",
      request: { params: SessionChatParams, query: PageQuerySchema },
      responses: { 200: jsonResponse("a page of messages", MessagePageSchema) },
    }),
    async (c) => {
      const { id, jid } = c.req.valid("param");
      const { limit, cursor } = c.req.valid("query");
      chatJidOf(jid); // a bad JID is a path error, not a query one (toPage pins errors to the query)
      const page = await toPage(listChatMessages(reads, c.get("tenantId"), id, jid, { limit, cursor }), (m) => m);
      // a reaction this account sent is kept as a message for its status, but shows on its target
      const shown = page.data.filter((m) => m.content.kind !== "reaction");
      return c.json({ ...page, data: await Promise.all(shown.map((m) => presentMessage(present, m))) }, 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions/{id}/chats/{jid}/read",
      summary: "Mark a chat read (unread count back to 0)",
      request: { params: SessionChatParams },
      responses: { 200: jsonResponse("the chat", ChatSchema) },
    }),
    async (c) => {
      const { id, jid } = c.req.valid("param");
      return c.json(toChat(await markChatRead(reads, c.get("tenantId"), id, jid)), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/sessions/{id}/contacts",
      summary: "Contacts the session knows, by JID",
      request: { params: SessionParams, query: PageQuerySchema },
      responses: { 200: jsonResponse("a page of contacts", ContactPageSchema) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { limit, cursor } = c.req.valid("query");
      return c.json(await toPage(listContacts(reads, c.get("tenantId"), id, { limit, cursor }), toContact), 200);
    },
  );
}
