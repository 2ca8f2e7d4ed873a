import type { WebhookPayload } from "@wharf/contracts";
import type { QueueSender } from "../queues/ports";
import type { SendOptions } from "../queues/ports";
import { deliveryIdFor } from "./delivery-id";
import { deliveryJob } from "./job-order";
import type { WebhookDeliveryRecord, WebhookEndpointRecord, WebhookJob, WebhookStore } from "./ports";

export interface DispatchDeps {
  webhooks: WebhookStore;
  queue: QueueSender<WebhookJob>;
}

/** Paused endpoints want nothing: events while paused are not queued for them (and never replayed). */
export function endpointWants(endpoint: WebhookEndpointRecord, type: string, sessionId: string | null): boolean {
  if (endpoint.paused || !endpoint.events.includes(type)) return false;
  return endpoint.sessionIds === null || (sessionId !== null && endpoint.sessionIds.includes(sessionId));
}

export function newDelivery(
  endpoint: Pick<WebhookEndpointRecord, "id" | "tenantId">,
  payload: WebhookPayload,
  now: Date,
): WebhookDeliveryRecord {
  return {
    id: deliveryIdFor(endpoint.id, payload.id, new Date(payload.createdAt)),
    tenantId: endpoint.tenantId,
    webhookId: endpoint.id,
    eventId: payload.id,
    eventType: payload.type,
    sessionId: payload.sessionId,
    status: "pending",
    attempts: 0,
    responseStatus: null,
    error: null,
    payload: JSON.stringify(payload),
    createdAt: now.toISOString(),
    retryFrom: now.toISOString(),
    lastAttemptAt: null,
    nextAttemptAt: now.toISOString(),
  };
}

/**
 * One delivery per subscribed endpoint, then one job each, in the endpoint's line for the
 * session (job-order). The delivery id is derived from (endpoint, event), so a redelivered
 * event finds its deliveries and creates nothing new; it only enqueues again the jobs of
 * deliveries never attempted, in case the first dispatch stored them but failed to enqueue
 * (a copy of a job that did go out is dropped by SQS deduplication or by the deliverer's
 * claim). `requestId`: the API request behind the event, for the deliverer's logs and headers.
 */
export async function dispatchWebhooks(
  deps: DispatchDeps,
  payload: WebhookPayload,
  now: Date,
  requestId?: string,
): Promise<number> {
  const endpoints = (await deps.webhooks.allEndpoints(payload.tenantId)).filter((e) =>
    endpointWants(e, payload.type, payload.sessionId),
  );
  const jobs: Array<{ body: WebhookJob; opts: SendOptions }> = [];
  for (const endpoint of endpoints) {
    const delivery = newDelivery(endpoint, payload, now);
    if (await deps.webhooks.createDelivery(delivery)) jobs.push(deliveryJob(delivery, requestId));
    else {
      const existing = await deps.webhooks.getDelivery(delivery.tenantId, delivery.id);
      if (existing && neverAttempted(existing)) jobs.push(deliveryJob(existing, requestId));
    }
  }
  if (jobs.length > 0) await deps.queue.sendBatch(jobs);
  return jobs.length;
}

function neverAttempted(d: WebhookDeliveryRecord): boolean {
  return d.status === "pending" && d.attempts === 0 && d.lastAttemptAt === null;
}
