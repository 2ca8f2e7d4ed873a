import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { Webhook, WebhookDelivery, WebhookEventType } from "@wharf/contracts";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  testWebhook,
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

export function toWebhook(r: WebhookEndpointRecord): Webhook {
  return {
    id: r.id,
    url: r.url,
    events: r.events as WebhookEventType[],
    sessionIds: r.sessionIds,
    description: r.description,
    secretPrefix: r.secretPrefix,
    createdAt: r.createdAt,
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

/** Webhook endpoints, test sends, the delivery log and redelivery (issue 5 item 5). */
export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, data: DataPathDeps): void {
  const hooks: WebhookDeps = { webhooks: data.webhooks, secrets: data.secrets, guard: data.urlGuard, queue: data.webhookQueue, clock: deps.clock };
  const common = { tags: ["webhooks"], security: TENANT_SECURITY, middleware: requireTenant(deps) };

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
      return c.json({ ...toWebhook(record), secret }, 201);
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
      return c.json(await toPage(listWebhooks(hooks, c.get("tenantId"), { limit, cursor }), toWebhook), 200);
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
    async (c) => c.json(toWebhook(await getWebhook(hooks, c.get("tenantId"), c.req.valid("param").id)), 200),
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
      summary: "Send a signed `webhook.test` event to this endpoint",
      request: { params: WebhookParams },
      responses: { 202: jsonResponse("the queued delivery", WebhookDeliverySchema) },
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
      responses: { 202: jsonResponse("the delivery, pending again", WebhookDeliverySchema), ...errorResponses("invalid_state") },
    }),
    async (c) => c.json(toDelivery(await redeliver(hooks, c.get("tenantId"), c.req.valid("param").id)), 202),
  );
}
