import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import {
  RotateWebhookSecretBody,
  RotatedWebhookSecret,
  UpdateWebhookBody,
  type Webhook,
  type WebhookDelivery,
  type WebhookEventType,
} from "@wharf/contracts";
import {
  activePreviousSecret,
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  rotateWebhookSecret,
  testWebhook,
  updateWebhook,
  type WebhookDeliveryRecord,
  type WebhookDeps,
  type WebhookEndpointRecord,
} from "@wharf/core";
import type { AppDeps, AppEnv, DataPathDeps } from "../env";
import { requireTenant } from "../http/auth";
import { toPage } from "../mappers";
import {
  CreateWebhookBodySchema,
  CreatedWebhookSchema,
  DeliveryParams,
  WebhookDeliveryPageSchema,
  WebhookDeliverySchema,
  WebhookPageSchema,
  WebhookParams,
  WebhookSchema,
} from "../schemas/data-path";
import { PageQuerySchema, TENANT_SECURITY, errorResponses, jsonBody, jsonResponse } from "../schemas/openapi";

/** Named clones for the OpenAPI document (see schemas/openapi.ts for why clones). */
const UpdateWebhookBodySchema = UpdateWebhookBody.clone().openapi("UpdateWebhookBody");
const RotateWebhookSecretBodySchema = RotateWebhookSecretBody.clone().openapi("RotateWebhookSecretBody");
const RotatedWebhookSecretSchema = RotatedWebhookSecret.clone().openapi("RotatedWebhookSecret");

/** The public view; `now` decides whether the previous secret (after a rotation) still signs. */
export function toWebhook(r: WebhookEndpointRecord, now: Date = new Date()): Webhook {
  return {
    id: r.id,
    url: r.url,
    events: r.events as WebhookEventType[],
    sessionIds: r.sessionIds,
    description: r.description,
    secretPrefix: r.secretPrefix,
    paused: r.paused,
    headers: r.headers,
    previousSecret: activePreviousSecret(r, now),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function toDelivery(r: WebhookDeliveryRecord): WebhookDelivery {
  return {
    id: r.id,
    webhookId: r.webhookId,
    eventId: r.eventId,
    eventType: r.eventType,
    sessionId: r.sessionId,
    status: r.status,
    attempts: r.attempts,
    responseStatus: r.responseStatus,
    error: r.error,
    createdAt: r.createdAt,
    lastAttemptAt: r.lastAttemptAt,
    nextAttemptAt: r.status === "pending" ? r.nextAttemptAt : null,
  };
}

/** Webhook endpoints (create, edit, pause, rotate the secret), test sends, the delivery log and redelivery. */
export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, data: DataPathDeps): void {
  const hooks: WebhookDeps = {
    webhooks: data.webhooks,
    secrets: data.secrets,
    guard: data.urlGuard,
    queue: data.webhookQueue,
    clock: deps.clock,
  };
  const common = { tags: ["webhooks"], security: TENANT_SECURITY, middleware: requireTenant(deps) };
  const view = (r: WebhookEndpointRecord) => toWebhook(r, deps.clock.now());

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/webhooks",
      summary: "Create a webhook endpoint; the signing secret is shown only in this response",
      request: { body: jsonBody(CreateWebhookBodySchema) },
      responses: { 201: jsonResponse("created", CreatedWebhookSchema) },
    }),
    async (c) => {
      const { record, secret } = await createWebhook(hooks, c.get("tenantId"), c.req.valid("json"));
      c.get("logger").info({ webhookId: record.id }, "webhook created");
      return c.json({ ...view(record), secret }, 201);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/webhooks",
      summary: "List webhook endpoints (oldest first)",
      request: { query: PageQuerySchema },
      responses: { 200: jsonResponse("a page of webhooks", WebhookPageSchema) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(await toPage(listWebhooks(hooks, c.get("tenantId"), { limit, cursor }), view), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/webhooks/{id}",
      summary: "One webhook endpoint",
      request: { params: WebhookParams },
      responses: { 200: jsonResponse("the webhook", WebhookSchema) },
    }),
    async (c) => c.json(view(await getWebhook(hooks, c.get("tenantId"), c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      ...common,
      method: "patch",
      path: "/v1/webhooks/{id}",
      summary: "Edit a webhook endpoint: URL, events, sessions, description, custom headers, or pause/resume it",
      description:
        "Only the fields given change. A new URL is checked like at creation (private and loopback targets are refused outside local mode). " +
        "`headers` replaces the whole map (at most 10; hop-by-hop, framing, `User-Agent`, `Cookie` and `Wharf-*` names are refused; values are never logged). " +
        "`paused: true` stops new deliveries: events that happen while paused are not queued for this endpoint, and resuming does not replay them; " +
        "retries already pending wait while paused, within their retry window.",
      request: { params: WebhookParams, body: jsonBody(UpdateWebhookBodySchema) },
      responses: { 200: jsonResponse("the updated webhook", WebhookSchema) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const record = await updateWebhook(hooks, c.get("tenantId"), id, body);
      // field names only: URLs and header values may carry credentials
      c.get("logger").info({ webhookId: id, fields: Object.keys(body) }, "webhook updated");
      return c.json(view(record), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/webhooks/{id}/rotate-secret",
      summary: "Rotate the signing secret; the new secret is shown only in this response",
      description:
        "The previous secret keeps signing for `graceSeconds` (default 86400, at most 604800, 0 revokes it at once): meanwhile every delivery carries " +
        "both signatures, `Wharf-Signature: t=…,v1=<new>,v1=<old>`, and a receiver accepts if any v1 matches a secret it holds. " +
        "Rotating again during a grace period replaces the older previous secret.",
      request: { params: WebhookParams, body: jsonBody(RotateWebhookSecretBodySchema) },
      responses: { 200: jsonResponse("the webhook and its new secret", RotatedWebhookSecretSchema) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { record, secret } = await rotateWebhookSecret(hooks, c.get("tenantId"), id, c.req.valid("json"));
      c.get("logger").info({ webhookId: id, secretPrefix: record.secretPrefix }, "webhook secret rotated");
      return c.json({ ...view(record), secret }, 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "delete",
      path: "/v1/webhooks/{id}",
      summary: "Delete a webhook endpoint; pending deliveries to it are dropped",
      request: { params: WebhookParams },
      responses: { 204: { description: "deleted" } },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await deleteWebhook(hooks, c.get("tenantId"), id);
      c.get("logger").info({ webhookId: id }, "webhook deleted");
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/webhooks/{id}/test",
      summary: "Send a signed `webhook.test` event to this endpoint (409 while it is paused)",
      request: { params: WebhookParams },
      responses: {
        202: jsonResponse("the queued delivery", WebhookDeliverySchema),
        ...errorResponses("invalid_state"),
      },
    }),
    async (c) => c.json(toDelivery(await testWebhook(hooks, c.get("tenantId"), c.req.valid("param").id)), 202),
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/webhooks/{id}/deliveries",
      summary: "The endpoint's delivery log, newest first (pending, succeeded, dead)",
      request: { params: WebhookParams, query: PageQuerySchema },
      responses: { 200: jsonResponse("a page of deliveries", WebhookDeliveryPageSchema) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { limit, cursor } = c.req.valid("query");
      return c.json(await toPage(listDeliveries(hooks, c.get("tenantId"), id, { limit, cursor }), toDelivery), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/webhooks/deliveries/{id}/redeliver",
      summary: "Send a finished (dead-lettered or delivered) delivery again",
      request: { params: DeliveryParams },
      responses: {
        202: jsonResponse("the delivery, pending again", WebhookDeliverySchema),
        ...errorResponses("invalid_state"),
      },
    }),
    async (c) => c.json(toDelivery(await redeliver(hooks, c.get("tenantId"), c.req.valid("param").id)), 202),
  );
}
