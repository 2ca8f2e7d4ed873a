import {
  WEBHOOK_TEST_EVENT,
  type CreateWebhookBody,
  type RotateWebhookSecretBody,
  type UpdateWebhookBody,
  type WebhookPayload,
} from "@wharf/contracts";
import type { Clock } from "../clock";
import { NotFoundError, WharfError } from "../errors";
import { newId } from "../ids";
import type { PageRequest, PageResult } from "../paging";
import type { QueueSender } from "../queues/ports";
import { newDelivery } from "./dispatch";
import { deliveryJob } from "./job-order";
import type {
  EndpointPatch,
  SecretBox,
  UrlGuard,
  WebhookDeliveryRecord,
  WebhookEndpointRecord,
  WebhookJob,
  WebhookStore,
} from "./ports";
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
  const id = newId("webhook", now.getTime());
  const record: WebhookEndpointRecord = {
    id,
    tenantId,
    url: body.url,
    events: [...body.events],
    sessionIds: body.sessionIds ? [...new Set(body.sessionIds)] : null,
    description: body.description ?? null,
    secretSealed: deps.secrets.seal(secret, id),
    secretPrefix: secret.slice(0, SECRET_PREFIX_LENGTH),
    paused: false,
    headers: { ...body.headers },
    previousSecretSealed: null,
    previousSecretPrefix: null,
    previousSecretExpiresAt: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await deps.webhooks.createEndpoint(record);
  return { record, secret };
}

export async function getWebhook(
  deps: Pick<WebhookDeps, "webhooks">,
  tenantId: string,
  id: string,
): Promise<WebhookEndpointRecord> {
  const w = await deps.webhooks.getEndpoint(tenantId, id);
  if (!w) throw new NotFoundError("webhook", id);
  return w;
}

export function listWebhooks(
  deps: Pick<WebhookDeps, "webhooks">,
  tenantId: string,
  page: PageRequest,
): Promise<PageResult<WebhookEndpointRecord>> {
  return deps.webhooks.listEndpoints(tenantId, page);
}

export async function deleteWebhook(deps: Pick<WebhookDeps, "webhooks">, tenantId: string, id: string): Promise<void> {
  if (!(await deps.webhooks.deleteEndpoint(tenantId, id))) throw new NotFoundError("webhook", id);
}

/**
 * Edits an endpoint: only the fields given change, a new URL passes the same SSRF guard as at
 * creation. Pausing stops new deliveries; resuming does not replay what happened meanwhile.
 */
export async function updateWebhook(
  deps: WebhookDeps,
  tenantId: string,
  id: string,
  body: UpdateWebhookBody,
): Promise<WebhookEndpointRecord> {
  await getWebhook(deps, tenantId, id);
  if (body.url !== undefined) await deps.guard.check(body.url, "body.url");
  const patch: EndpointPatch = { updatedAt: deps.clock.now().toISOString() };
  if (body.url !== undefined) patch.url = body.url;
  if (body.events !== undefined) patch.events = [...body.events];
  if (body.sessionIds !== undefined) patch.sessionIds = body.sessionIds === null ? null : [...new Set(body.sessionIds)];
  if (body.description !== undefined) patch.description = body.description;
  if (body.headers !== undefined) patch.headers = { ...body.headers };
  if (body.paused !== undefined) patch.paused = body.paused;
  const updated = await deps.webhooks.updateEndpoint(tenantId, id, patch);
  if (!updated) throw new NotFoundError("webhook", id);
  return updated;
}

/**
 * A new signing secret, returned here only. The current one becomes the previous secret and
 * keeps signing for `graceSeconds` (every delivery then carries both v1 signatures), so the
 * receiver can switch without dropping a delivery. A rotation during a grace period replaces
 * the older previous secret: at most two secrets ever sign.
 */
export async function rotateWebhookSecret(
  deps: WebhookDeps,
  tenantId: string,
  id: string,
  body: RotateWebhookSecretBody,
): Promise<{ record: WebhookEndpointRecord; secret: string }> {
  const current = await getWebhook(deps, tenantId, id);
  const now = deps.clock.now();
  const secret = generateWebhookSecret();
  const grace = body.graceSeconds > 0;
  const updated = await deps.webhooks.updateEndpoint(tenantId, id, {
    secretSealed: deps.secrets.seal(secret, id),
    secretPrefix: secret.slice(0, SECRET_PREFIX_LENGTH),
    previousSecretSealed: grace ? current.secretSealed : null,
    previousSecretPrefix: grace ? current.secretPrefix : null,
    previousSecretExpiresAt: grace ? new Date(now.getTime() + body.graceSeconds * 1000).toISOString() : null,
    updatedAt: now.toISOString(),
  });
  if (!updated) throw new NotFoundError("webhook", id);
  return { record: updated, secret };
}

/** The previous secret's prefix and expiry while it still signs; null once its grace is over. */
export function activePreviousSecret(
  e: WebhookEndpointRecord,
  now: Date,
): { secretPrefix: string; expiresAt: string } | null {
  if (!e.previousSecretSealed || !e.previousSecretPrefix || !e.previousSecretExpiresAt) return null;
  if (Date.parse(e.previousSecretExpiresAt) <= now.getTime()) return null;
  return { secretPrefix: e.previousSecretPrefix, expiresAt: e.previousSecretExpiresAt };
}

/** The secrets a delivery is signed with at `now`: the current one, then the previous during its grace. */
export function signingSecrets(e: WebhookEndpointRecord, secrets: SecretBox, now: Date): string[] {
  const current = secrets.open(e.secretSealed, e.id);
  return activePreviousSecret(e, now) && e.previousSecretSealed
    ? [current, secrets.open(e.previousSecretSealed, e.id)]
    : [current];
}

/** Sends a `webhook.test` event to this endpoint only, through the normal delivery path. */
export async function testWebhook(deps: WebhookDeps, tenantId: string, id: string): Promise<WebhookDeliveryRecord> {
  const endpoint = await getWebhook(deps, tenantId, id);
  if (endpoint.paused) {
    throw new WharfError("invalid_state", "this webhook is paused; resume it to send a test", {
      details: [{ path: "webhook.paused", message: "webhook is paused", code: "webhook_paused" }],
    });
  }
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
  const job = deliveryJob(delivery);
  await deps.queue.send(job.body, job.opts);
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
export async function redeliver(
  deps: WebhookDeps,
  tenantId: string,
  deliveryId: string,
): Promise<WebhookDeliveryRecord> {
  const existing = await deps.webhooks.getDelivery(tenantId, deliveryId);
  if (!existing) throw new NotFoundError("delivery", deliveryId);
  if (!(await deps.webhooks.getEndpoint(tenantId, existing.webhookId)))
    throw new NotFoundError("webhook", existing.webhookId);
  const reset = await deps.webhooks.resetForRedelivery(tenantId, deliveryId, deps.clock.now());
  if (!reset) {
    throw new WharfError(
      "invalid_state",
      "this delivery is still being attempted; wait for it to succeed or be dead-lettered",
      {
        details: [{ path: "delivery.status", message: "delivery is pending", code: "delivery_pending" }],
      },
    );
  }
  // joins the end of its line: deliveries behind it in the line may already have gone out
  const job = deliveryJob(reset);
  await deps.queue.send(job.body, job.opts);
  return reset;
}
