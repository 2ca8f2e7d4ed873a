import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import {
  AccountProfile,
  BlockStatus,
  Blocklist,
  ContactProfile,
  ContactsCheckBody,
  ContactsCheckResult,
  Operation,
  PresenceSubscription,
} from "@wharf/contracts";
import { contactOperations, getOperation } from "@wharf/core";
import type { Context } from "hono";
import type { z } from "zod";
import type { AppDeps, AppEnv, DataPathDeps, TenantEnv } from "../env";
import { requireTenant } from "../http/auth";
import { SessionChatParams, SessionOperationParams, SessionParams } from "../schemas/data-path";
import { TENANT_SECURITY, jsonBody, jsonResponse } from "../schemas/openapi";
import { operationDeps, operationResponse, operationResponses, tracedOperationDeps } from "./operation-kit";

const named = <T extends z.ZodType>(schema: T, refId: string): T => schema.clone().openapi(refId) as T;
const AccountProfileSchema = named(AccountProfile, "AccountProfile");
const ContactsCheckBodySchema = named(ContactsCheckBody, "ContactsCheckBody");
const ContactsCheckResultSchema = named(ContactsCheckResult, "ContactsCheckResult");
const ContactProfileSchema = named(ContactProfile, "ContactProfile");
const BlockStatusSchema = named(BlockStatus, "BlockStatus");
const BlocklistSchema = named(Blocklist, "Blocklist");
const PresenceSubscriptionSchema = named(PresenceSubscription, "PresenceSubscription");
const OperationSchema = named(Operation, "Operation");

/**
 * Contacts and profile (#12): each verb asks WhatsApp through the session's owner (a session
 * operation) and answers 200 with the result, or 202 with the operation id when the answer
 * takes longer than the wait (`GET …/operations/{operationId}` reads it later).
 */
export function registerContactRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, data: DataPathDeps): void {
  const base = operationDeps(deps, data);
  const ops = (c: Context<TenantEnv>, sessionId: string) =>
    contactOperations(tracedOperationDeps(base, c), c.get("tenantId"), sessionId);
  const answer = operationResponse;
  const common = { tags: ["contacts"], security: TENANT_SECURITY, middleware: requireTenant(deps) };
  const responses = operationResponses;

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/sessions/{id}/profile",
      summary: "The linked account: JID, phone, push name, profile picture URL",
      request: { params: SessionParams },
      responses: responses("the account's profile", AccountProfileSchema),
    }),
    async (c) => answer(c, await ops(c, c.req.valid("param").id).profile()),
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions/{id}/contacts/check",
      summary: "Which of these numbers are on WhatsApp, with their JIDs (one answer per number, in order)",
      request: { params: SessionParams, body: jsonBody(ContactsCheckBodySchema) },
      responses: responses("one result per number", ContactsCheckResultSchema),
    }),
    async (c) => answer(c, await ops(c, c.req.valid("param").id).check(c.req.valid("json"))),
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/sessions/{id}/blocklist",
      summary: "The contacts this account blocked",
      request: { params: SessionParams },
      responses: responses("the blocked JIDs", BlocklistSchema),
    }),
    async (c) => answer(c, await ops(c, c.req.valid("param").id).blocklist()),
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/sessions/{id}/contacts/{jid}",
      summary: "A contact's profile picture URL and status text ({jid}: a phone number or a JID)",
      request: { params: SessionChatParams },
      responses: responses("the contact's profile", ContactProfileSchema),
    }),
    async (c) => {
      const { id, jid } = c.req.valid("param");
      return answer(c, await ops(c, id).get(jid));
    },
  );

  for (const [method, action] of [
    ["post", "block"],
    ["delete", "unblock"],
  ] as const) {
    app.openapi(
      createRoute({
        ...common,
        method,
        path: "/v1/sessions/{id}/contacts/{jid}/block",
        summary: action === "block" ? "Block a contact" : "Unblock a contact",
        request: { params: SessionChatParams },
        responses: responses("the contact's block status", BlockStatusSchema),
      }),
      async (c) => {
        const { id, jid } = c.req.valid("param");
        return answer(c, await ops(c, id).block(jid, action));
      },
    );
  }

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions/{id}/contacts/{jid}/presence/subscribe",
      summary: "Receive the contact's presence (online, offline, typing, recording) as chat.presence events",
      request: { params: SessionChatParams },
      responses: responses("subscribed", PresenceSubscriptionSchema),
    }),
    async (c) => {
      const { id, jid } = c.req.valid("param");
      return answer(c, await ops(c, id).subscribePresence(jid));
    },
  );

  app.openapi(
    createRoute({
      ...common,
      tags: ["operations"],
      method: "get",
      path: "/v1/sessions/{id}/operations/{operationId}",
      summary: "An operation: pending, succeeded with its result, or failed with a machine code (operation_timeout)",
      request: { params: SessionOperationParams },
      responses: { 200: jsonResponse("the operation", OperationSchema) },
    }),
    async (c) => {
      const { id, operationId } = c.req.valid("param");
      return c.json(await getOperation(base, c.get("tenantId"), id, operationId), 200);
    },
  );
}
