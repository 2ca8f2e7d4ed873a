import { WEBHOOK_TEST_EVENT, type CreateWebhookBody, type WebhookPayload } from "@wharf/contracts";
import type { Clock } from "../clock";
import { NotFoundError, WharfError } from "../errors";
import { newId } from "../ids";
import type { PageRequest, PageResult, QueueSender } from "../ports";
import { newDelivery } from "./dispatch";
import type { SecretBox, UrlGuard, WebhookDeliveryRecord, WebhookEndpointRecord, WebhookJob, WebhookStore } from "./ports";
import { generateWebhookSecret } from "./signature";

export interface WebhookDeps {
  webhooks: WebhookStore;
  secrets: SecretBox;
  guard: UrlGuard;
  queue: QueueSender<WebhookJob>;
  clock: Clock;
}

/** Characters of the secret shown in lists, to tell endpoints' secrets apart. */
const SECRET_PREFIX_LENGTH = 12;

/** Creates an endpoint; the secret is returned here only and stored sealed. */
export async function createWebhook(
  deps: WebhookDeps,
  tenantId: string,
  body: CreateWebhookBody,
): Promise<{ record: WebhookEndpointRecord; secret: string }> {
  await deps.guard.check(body.url, "body.url");
  const now = deps.clock.now();
  const secret = generateWebhookSecret();
  const record: WebhookEndpointRecord = {
    id: newId("webhook", now.getTime()),
    tenantId,
    url: body.url,
    events: [...body.events],
    sessionIds: body.sessionIds ? [...new Set(body.sessionIds)] : null,
    description: body.description ?? null,
    secretSealed: deps.secrets.seal(secret),
    secretPrefix: secret.slice(0, SECRET_PREFIX_LENGTH),
    createdAt: now.toISOString(),
  };
  await deps.webhooks.createEndpoint(record);
  return { record, secret };
}

export async function getWebhook(deps: Pick<WebhookDeps, "webhooks">, tenantId: string, id: string): Promise<WebhookEndpointRecord> {
  const w = await deps.webhooks.getEndpoint(tenantId, id);
  if (!w) throw new NotFoundError("webhook", id);
  return w;
}

export function listWebhooks(deps: Pick<WebhookDeps, "webhooks">, tenantId: string, page: PageRequest): Promise<PageResult<WebhookEndpointRecord>> {
  return deps.webhooks.listEndpoints(tenantId, page);
}

export async function deleteWebhook(deps: Pick<WebhookDeps, "webhooks">, tenantId: string, id: string): Promise<void> {
  if (!(await deps.webhooks.deleteEndpoint(tenantId, id))) throw new NotFoundError("webhook", id);
}

/** Sends a `webhook.test` event to this endpoint only, through the normal delivery path. */
export async function testWebhook(deps: WebhookDeps, tenantId: string, id: string): Promise<WebhookDeliveryRecord> {
  const endpoint = await getWebhook(deps, tenantId, id);
  const now = deps.clock.now();
  const payload: WebhookPayload = {
    id: newId("event", now.getTime()),
    type: WEBHOOK_TEST_EVENT,
    createdAt: now.toISOString(),
    tenantId,
    sessionId: null,
    data: { webhookId: endpoint.id, message: "This is a test delivery from Wharf." },
  };
  const delivery = newDelivery(endpoint, payload, now);
  await deps.webhooks.createDelivery(delivery);
  await deps.queue.send({ tenantId, deliveryId: delivery.id });
  return delivery;
}

export async function listDeliveries(
  deps: Pick<WebhookDeps, "webhooks">,
  tenantId: string,
  webhookId: string,
  page: PageRequest,
): Promise<PageResult<WebhookDeliveryRecord>> {
  await getWebhook(deps, tenantId, webhookId);
  return deps.webhooks.listDeliveries(tenantId, webhookId, page);
}

/** Sends a finished (dead or delivered) delivery again, with a fresh attempt count. */
export async function redeliver(deps: WebhookDeps, tenantId: string, deliveryId: string): Promise<WebhookDeliveryRecord> {
  const existing = await deps.webhooks.getDelivery(tenantId, deliveryId);
  if (!existing) throw new NotFoundError("delivery", deliveryId);
  if (!(await deps.webhooks.getEndpoint(tenantId, existing.webhookId))) throw new NotFoundError("webhook", existing.webhookId);
  const reset = await deps.webhooks.resetForRedelivery(tenantId, deliveryId, deps.clock.now());
  if (!reset) {
    throw new WharfError("invalid_state", "this delivery is still being attempted; wait for it to succeed or be dead-lettered", {
      details: [{ path: "delivery.status", message: "delivery is pending", code: "delivery_pending" }],
    });
  }
  await deps.queue.send({ tenantId, deliveryId });
  return reset;
}
