import { RequestId } from "@wharf/contracts";
import {
  abandonDelivery,
  classifyQueueFailure,
  deliverWebhook,
  type DeliverDeps,
  type DeliverOutcome,
  type SendOptions,
  type WebhookJob,
} from "@wharf/core";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { Logger } from "pino";
import { z } from "zod";
import { processSqsBatch, type RecordOutcome, type SqsConsumerWiring } from "../sqs/batch";

const Job = z
  .object({
    tenantId: z.string().min(1),
    deliveryId: z.string().min(1),
    requestId: RequestId.optional(),
    notBefore: z.string().datetime().optional(),
  })
  .strict() satisfies z.ZodType<WebhookJob>;

/** The Webhooks queue's maxReceiveCount (infra/queues.ts and the local runtime's queues). */
export const WEBHOOK_QUEUE_MAX_RECEIVES = 30;

export interface WebhooksHandlerDeps extends DeliverDeps {
  /** ChangeMessageVisibility on the Webhooks queue: the backoff before the next attempt */
  setVisibility: (receiptHandle: string, seconds: number) => Promise<void>;
  /** sends the job again as a fresh message (its receive count starts over) */
  requeue: (job: WebhookJob, opts: SendOptions) => Promise<void>;
  /** receives after which SQS dead-letters a job (default WEBHOOK_QUEUE_MAX_RECEIVES) */
  maxReceives?: number;
  logger: Logger;
}

/**
 * The webhook deliverer (Lambda on Webhooks.fifo; locally the SQS poller). A failed attempt
 * sets the message's visibility timeout to the backoff delay and reports it as a batch
 * failure, so SQS hands it out again then and, the queue being FIFO with one group per
 * (endpoint, session) line (core job-order), holds the deliveries behind it until then: they
 * go out in event order. A delivered, dead or skipped job is deleted and frees its line. A
 * job that is not { tenantId, deliveryId } goes to the webhooks DLQ at once. Each retry is a
 * receive: on the job's last receive a retry is carried on a fresh message instead (at the
 * end of its line, with the backoff as `notBefore`: rare, as the retry window takes about
 * half of the receives), and a job that is
 * dead-lettered (poison, or failing on its last receive) first leaves its delivery `dead`
 * with the reason, so it shows and can be redelivered instead of staying `pending`.
 */
export function createWebhooksHandler(
  deps: WebhooksHandlerDeps,
  consumer: SqsConsumerWiring,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const maxReceives = deps.maxReceives ?? WEBHOOK_QUEUE_MAX_RECEIVES;

  async function giveUp(job: WebhookJob, err: unknown, log: Logger): Promise<void> {
    const reason = `the delivery job failed and was dead-lettered: ${err instanceof Error ? err.message : String(err)}`;
    try {
      if (await abandonDelivery(deps, job, reason))
        log.warn({ err }, "webhook job dead-lettered; delivery marked dead");
    } catch (markErr) {
      log.error({ err: markErr }, "webhook job dead-lettered; marking its delivery dead failed");
    }
  }

  async function handle(job: WebhookJob, record: SQSRecord): Promise<RecordOutcome> {
    const log = deps.logger.child({
      tenantId: job.tenantId,
      deliveryId: job.deliveryId,
      ...(job.requestId ? { requestId: job.requestId } : {}),
    });
    const lastReceive = (Number(record.attributes.ApproximateReceiveCount) || 1) >= maxReceives;
    let outcome: DeliverOutcome;
    try {
      outcome = await deliverWebhook(deps, job);
    } catch (err) {
      // SQS dead-letters it now (poison) or after this receive: the delivery must say so
      if (lastReceive || classifyQueueFailure(err) === "poison") await giveUp(job, err, log);
      throw err;
    }
    if (outcome.kind === "retry" && lastReceive) {
      const notBefore = new Date(deps.clock.now().getTime() + outcome.retryInSeconds * 1000).toISOString();
      const group = record.attributes.MessageGroupId;
      try {
        await deps.requeue(
          { ...job, notBefore },
          group ? { groupId: group, deduplicationId: `${job.deliveryId}.${notBefore.replace(/\D/g, "")}` } : {},
        );
      } catch (err) {
        await giveUp(job, err, log);
        throw err;
      }
      log.info({ retryInSeconds: outcome.retryInSeconds }, "webhook attempt failed; retrying on a fresh job");
      return;
    }
    if (outcome.kind === "retry") {
      await deps.setVisibility(record.receiptHandle, outcome.retryInSeconds);
      log.info({ retryInSeconds: outcome.retryInSeconds }, "webhook attempt failed; retrying later");
      return "retry";
    }
    if (outcome.kind === "dead") log.warn({ reason: outcome.reason }, "webhook delivery dead-lettered");
    else if (job.requestId) log.info({ outcome: outcome.kind }, "webhook job done");
    else log.debug({ outcome: outcome.kind }, "webhook job done");
  }

  return async (event) =>
    processSqsBatch(event.Records, Job, handle, {
      logger: deps.logger,
      // FIFO (group ids on the records): a retry holds the rest of its line in this batch too
      fifo: event.Records.some((r) => r.attributes.MessageGroupId !== undefined),
      // visible again at once: the group stays locked by the retried job until its backoff ends
      release: (r) => deps.setVisibility(r.receiptHandle, 0),
      deadLetters: consumer.deadLetters,
      what: "webhook job",
    });
}
