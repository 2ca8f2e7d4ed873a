import type { SendOptions } from "../queues/ports";
import type { WebhookDeliveryRecord, WebhookJob } from "./ports";

/**
 * Deliveries of one endpoint for one session form a line, delivered in event order: the
 * Webhooks queue is FIFO with the line as MessageGroupId, so while a delivery's job is
 * retrying (held invisible for its backoff) the jobs behind it are not handed out. A
 * delivery that ends (succeeded or dead) frees the line; a redelivered one joins its end.
 * Events without a session (webhook.test) share one line per endpoint.
 */
export function deliveryLine(d: Pick<WebhookDeliveryRecord, "webhookId" | "sessionId">): string {
  return `${d.webhookId}.${d.sessionId ?? "tenant"}`;
}

/**
 * Send options of a delivery's job: its line, and a deduplication id that is the same for a
 * repeated dispatch of the same attempt window (SQS drops the copy within 5 minutes) but new
 * once the delivery is redelivered (`retryFrom` moves).
 */
export function jobSendOptions(
  d: Pick<WebhookDeliveryRecord, "id" | "webhookId" | "sessionId" | "retryFrom">,
): SendOptions {
  return { groupId: deliveryLine(d), deduplicationId: `${d.id}.${Date.parse(d.retryFrom)}` };
}

/** The job of a delivery, as dispatch and redelivery enqueue it. */
export function deliveryJob(
  d: Pick<WebhookDeliveryRecord, "id" | "tenantId" | "webhookId" | "sessionId" | "retryFrom">,
  requestId?: string,
): { body: WebhookJob; opts: SendOptions } {
  return {
    body: { tenantId: d.tenantId, deliveryId: d.id, ...(requestId ? { requestId } : {}) },
    opts: jobSendOptions(d),
  };
}
