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

/** One payload to dispatch; `requestId`: the API request behind the event, for the deliverer's logs and headers. */
export interface DispatchItem {
  payload: WebhookPayload;
  requestId?: string | undefined;
}

export type QueuedJob = { body: WebhookJob; opts: SendOptions };

/**
 * One delivery per subscribed endpoint and payload, stored in as few writes as the store allows,
 * and the jobs to enqueue for them, per item in item order (each endpoint's line for the
 * session: job-order). The delivery id is derived from (endpoint, event), so a redelivered
 * event finds its deliveries and creates nothing new; only the jobs of deliveries never
 * attempted are returned again, in case the first dispatch stored them but failed to enqueue
 * (a copy of a job that did go out is dropped by SQS deduplication or by the deliverer's claim).
 */
export async function prepareDeliveries(
  webhooks: WebhookStore,
  items: DispatchItem[],
  now: Date,
): Promise<QueuedJob[][]> {
  const planned: Array<{ item: number; delivery: WebhookDeliveryRecord; requestId: string | undefined }> = [];
  for (const [i, { payload, requestId }] of items.entries()) {
    const endpoints = (await webhooks.allEndpoints(payload.tenantId)).filter((e) =>
      endpointWants(e, payload.type, payload.sessionId),
    );
    for (const endpoint of endpoints)
      planned.push({ item: i, delivery: newDelivery(endpoint, payload, now), requestId });
  }
  const jobs: QueuedJob[][] = items.map(() => []);
  if (planned.length === 0) return jobs;
  const created = await webhooks.createDeliveries(planned.map((p) => p.delivery));
  for (const [k, p] of planned.entries()) {
    if (created[k]) jobs[p.item]?.push(deliveryJob(p.delivery, p.requestId));
    else {
      const existing = await webhooks.getDelivery(p.delivery.tenantId, p.delivery.id);
      if (existing && neverAttempted(existing)) jobs[p.item]?.push(deliveryJob(existing, p.requestId));
    }
  }
  return jobs;
}

/** Deliveries and jobs for one payload (see prepareDeliveries); returns how many jobs were enqueued. */
export async function dispatchWebhooks(
  deps: DispatchDeps,
  payload: WebhookPayload,
  now: Date,
  requestId?: string,
): Promise<number> {
  const jobs = (await prepareDeliveries(deps.webhooks, [{ payload, requestId }], now)).flat();
  if (jobs.length > 0) await deps.queue.sendBatch(jobs);
  return jobs.length;
}

function neverAttempted(d: WebhookDeliveryRecord): boolean {
  return d.status === "pending" && d.attempts === 0 && d.lastAttemptAt === null;
}
