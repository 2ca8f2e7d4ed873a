import { ensureQueue, queueUrl, type SqsClient } from "@wharf/aws";

export interface LocalQueueUrls {
  placement: string;
  placementDlq: string;
  inboxDlq: string;
  events: string;
  eventsDlq: string;
  webhooks: string;
  webhooksDlq: string;
}

/** Queue names of the local stack, mirroring infra's queues (DESIGN §1, §4). */
export const LOCAL_QUEUE_NAMES = {
  placement: "wharf-local-placement",
  placementDlq: "wharf-local-placement-dlq",
  inboxDlq: "wharf-local-inboxes-dlq.fifo",
  events: "wharf-local-events.fifo",
  eventsDlq: "wharf-local-events-dlq.fifo",
  webhooks: "wharf-local-webhooks.fifo",
  webhooksDlq: "wharf-local-webhooks-dlq.fifo",
} as const;

/** The queue names for a prefix (tests sharing one fauxqs use their own prefix). */
export function localQueueNames(prefix: string): { [K in keyof typeof LOCAL_QUEUE_NAMES]: string } {
  return {
    placement: `${prefix}-placement`,
    placementDlq: `${prefix}-placement-dlq`,
    inboxDlq: `${prefix}-inboxes-dlq.fifo`,
    events: `${prefix}-events.fifo`,
    eventsDlq: `${prefix}-events-dlq.fifo`,
    webhooks: `${prefix}-webhooks.fifo`,
    webhooksDlq: `${prefix}-webhooks-dlq.fifo`,
  };
}

/**
 * Creates the shared queues (fauxqs keeps nothing across restarts, so on every start).
 * Webhook jobs come back once per retry (visibility-timeout backoff), so their DLQ threshold
 * matches infra's (30 receives) rather than a few; like infra's, the queue is FIFO with one
 * group per (endpoint, session), so deliveries go out in event order (core job-order).
 */
export async function ensureLocalQueues(sqs: SqsClient, prefix = "wharf-local"): Promise<LocalQueueUrls> {
  const n = localQueueNames(prefix);
  const [placement, events, webhooks, inboxDlq] = await Promise.all([
    ensureQueue(sqs, n.placement, { visibilityTimeoutSeconds: 30, dlq: { name: n.placementDlq, maxReceiveCount: 50 } }),
    ensureQueue(sqs, n.events, {
      fifo: true,
      visibilityTimeoutSeconds: 60,
      dlq: { name: n.eventsDlq, maxReceiveCount: 5 },
    }),
    ensureQueue(sqs, n.webhooks, {
      fifo: true,
      visibilityTimeoutSeconds: 60,
      dlq: { name: n.webhooksDlq, maxReceiveCount: 30 },
    }),
    // poison inbox commands land here at once (workers send them; no redrive locally)
    ensureQueue(sqs, n.inboxDlq, { fifo: true }),
  ]);
  const [eventsDlq, webhooksDlq, placementDlq] = await Promise.all([
    queueUrl(sqs, n.eventsDlq),
    queueUrl(sqs, n.webhooksDlq),
    queueUrl(sqs, n.placementDlq),
  ]);
  return { placement, placementDlq, inboxDlq, events, eventsDlq, webhooks, webhooksDlq };
}
