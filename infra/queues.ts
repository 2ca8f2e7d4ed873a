/**
 * SQS queues (DESIGN §1, §4): Placement (sessions that need an owner), Events.fifo
 * (fleet → control, ordered per session), Webhooks.fifo (deliveries with retries, in order
 * per endpoint and session), and the
 * name prefix under which each fleet worker creates its own Inbox.fifo at boot. Every
 * queue dead-letters; the inboxes share one FIFO DLQ the workers name in their RedrivePolicy.
 */
import { QUEUE_SEND } from "./access";
import { controlFunction, HANDLERS, type FunctionAccess } from "./functions";
import type { StageSettings } from "./stage";

const DAY_SECONDS = 24 * 60 * 60;

/** Queue and consumer settings; the graph test reads these to check the wiring. */
export const QUEUE_SETTINGS = {
  placement: {
    // A worker that received a placement but died before claiming frees it within a minute.
    visibilityTimeout: "60 seconds",
    // The worker gives a placement up itself after 30 receives (the janitor re-places the
    // session); the DLQ only catches what keeps failing past that.
    maxReceives: 50,
  },
  events: {
    // AWS asks for ≥ 6× the consumer's timeout so a slow batch is not handed out twice.
    consumerTimeout: "30 seconds",
    visibilityTimeout: "180 seconds",
    maxReceives: 5,
  },
  webhooks: {
    consumerTimeout: "60 seconds",
    visibilityTimeout: "360 seconds",
    // Deliveries retry with backoff for ≥ 24 h (DESIGN §5); keep them well past that.
    retentionSeconds: 4 * DAY_SECONDS,
    // The consumer backs off by extending visibility; each retry is a receive.
    maxReceives: 30,
  },
  inbox: {
    // Workers create their inbox with a 60 s visibility and poll it themselves (no Lambda).
    visibilityTimeoutSeconds: 60,
    maxReceives: 5,
  },
  /** Dead letters stay the SQS maximum so an operator can inspect and redrive them. */
  dlqRetentionSeconds: 14 * DAY_SECONDS,
  consumerBatchSize: 10,
} as const;

export interface Queues {
  placement: sst.aws.Queue;
  placementDlq: sst.aws.Queue;
  events: sst.aws.Queue;
  eventsDlq: sst.aws.Queue;
  webhooks: sst.aws.Queue;
  webhooksDlq: sst.aws.Queue;
  /** FIFO DLQ shared by every worker's Inbox.fifo (its ARN reaches workers as WHARF_INBOX_DLQ_ARN) */
  inboxesDlq: sst.aws.Queue;
  /** Linkable `Inboxes`: exposes the queue-name prefix and grants sending to any inbox. */
  inboxes: sst.Linkable<{ queuePrefix: string }>;
  /** IAM resource pattern matching every inbox queue of this stage. */
  inboxArnPattern: $util.Output<string>;
}

/** DLQs by the queue they serve: alarms, the dashboard and the README's redrive runbook. */
export function deadLetterQueues(queues: Queues): Record<string, sst.aws.Queue> {
  return {
    Placement: queues.placementDlq,
    Events: queues.eventsDlq,
    Webhooks: queues.webhooksDlq,
    Inboxes: queues.inboxesDlq,
  };
}

export function inboxArnPattern(queuePrefix: string): $util.Output<string> {
  const partition = aws.getPartitionOutput({}).partition;
  const region = aws.getRegionOutput({}).region;
  const account = aws.getCallerIdentityOutput({}).accountId;
  return $interpolate`arn:${partition}:sqs:${region}:${account}:${queuePrefix}*`;
}

export function createQueues(settings: StageSettings): Queues {
  const dlqRetention = { queue: { messageRetentionSeconds: QUEUE_SETTINGS.dlqRetentionSeconds } };

  const placementDlq = new sst.aws.Queue("PlacementDlq", { transform: dlqRetention });
  const placement = new sst.aws.Queue("Placement", {
    visibilityTimeout: QUEUE_SETTINGS.placement.visibilityTimeout,
    dlq: { queue: placementDlq.arn, retry: QUEUE_SETTINGS.placement.maxReceives },
  });

  // A FIFO queue's dead-letter queue must be FIFO too.
  const eventsDlq = new sst.aws.Queue("EventsDlq", { fifo: true, transform: dlqRetention });
  const events = new sst.aws.Queue("Events", {
    // Content-based dedup as a fallback; producers still send the event id as dedup id.
    fifo: { contentBasedDeduplication: true },
    visibilityTimeout: QUEUE_SETTINGS.events.visibilityTimeout,
    dlq: { queue: eventsDlq.arn, retry: QUEUE_SETTINGS.events.maxReceives },
  });

  const webhooksDlq = new sst.aws.Queue("WebhooksDlq", { fifo: true, transform: dlqRetention });
  // FIFO, one message group per (endpoint, session): a job retrying (held invisible for its
  // backoff) holds the deliveries behind it, so each line goes out in event order. Producers
  // send a deduplication id per delivery attempt window (core job-order); high-throughput
  // mode because the groups are many and independent.
  const webhooks = new sst.aws.Queue("Webhooks", {
    fifo: true,
    visibilityTimeout: QUEUE_SETTINGS.webhooks.visibilityTimeout,
    dlq: { queue: webhooksDlq.arn, retry: QUEUE_SETTINGS.webhooks.maxReceives },
    transform: {
      queue: {
        messageRetentionSeconds: QUEUE_SETTINGS.webhooks.retentionSeconds,
        deduplicationScope: "messageGroup",
        fifoThroughputLimit: "perMessageGroupId",
      },
    },
  });

  // SST names it wharf-<stage>-InboxesDlq…, outside the lowercase inbox prefix, so neither
  // the workers' inbox rights nor the janitor's DeleteQueue can touch it.
  const inboxesDlq = new sst.aws.Queue("InboxesDlq", { fifo: true, transform: dlqRetention });

  const pattern = inboxArnPattern(settings.inboxQueuePrefix);
  const inboxes = new sst.Linkable("Inboxes", {
    properties: { queuePrefix: settings.inboxQueuePrefix },
    // Commands for an owned session go straight to the owner's inbox, by URL (DESIGN §4).
    include: [sst.aws.permission({ actions: [...QUEUE_SEND], resources: [pattern] })],
  });

  return {
    placement,
    placementDlq,
    events,
    eventsDlq,
    webhooks,
    webhooksDlq,
    inboxesDlq,
    inboxes,
    inboxArnPattern: pattern,
  };
}

/**
 * Lambda consumers. Created after the realtime API because the events consumer fans
 * out to WebSocket connections and so links it. Both report partial batch failures,
 * so one bad message is retried (and dead-lettered) alone.
 */
export function subscribeConsumers(
  queues: Queues,
  access: { events: FunctionAccess; webhooks: FunctionAccess },
  names: { events: string; webhooks: string },
) {
  const batch = { size: QUEUE_SETTINGS.consumerBatchSize, partialResponses: true };
  const events = queues.events.subscribe(
    controlFunction(HANDLERS.events, access.events, {
      name: names.events,
      timeout: QUEUE_SETTINGS.events.consumerTimeout,
    }),
    { batch },
  );
  const webhooks = queues.webhooks.subscribe(
    controlFunction(HANDLERS.webhooks, access.webhooks, {
      name: names.webhooks,
      timeout: QUEUE_SETTINGS.webhooks.consumerTimeout,
      // backoff extends a delivery's visibility (the subscription grants receive/delete)
      permissions: [{ actions: ["sqs:ChangeMessageVisibility"], resources: [queues.webhooks.arn] }],
    }),
    { batch },
  );
  return { events, webhooks };
}
