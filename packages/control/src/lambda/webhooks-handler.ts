import { RequestId } from "@wharf/contracts";
import { deliverWebhook, type DeliverDeps, type WebhookJob } from "@wharf/core";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { Logger } from "pino";
import { z } from "zod";
import { processSqsBatch, type RecordOutcome, type SqsConsumerWiring } from "../sqs/batch";

const Job = z
  .object({ tenantId: z.string().min(1), deliveryId: z.string().min(1), requestId: RequestId.optional() })
  .strict() satisfies z.ZodType<WebhookJob>;

export interface WebhooksHandlerDeps extends DeliverDeps {
  /** ChangeMessageVisibility on the Webhooks queue: the backoff before the next attempt */
  setVisibility: (receiptHandle: string, seconds: number) => Promise<void>;
  logger: Logger;
}

/**
 * The webhook deliverer (Lambda on Webhooks; locally the SQS poller). A failed attempt sets
 * the message's visibility timeout to the backoff delay and reports it as a batch failure,
 * so SQS hands it out again then; a delivered, dead or skipped job is deleted. A job that is
 * not { tenantId, deliveryId } goes to the webhooks DLQ at once.
 */
export function createWebhooksHandler(
  deps: WebhooksHandlerDeps,
  consumer: SqsConsumerWiring,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  async function handle(job: WebhookJob, record: SQSRecord): Promise<RecordOutcome> {
    const outcome = await deliverWebhook(deps, job);
    const log = deps.logger.child({
      tenantId: job.tenantId,
      deliveryId: job.deliveryId,
      ...(job.requestId ? { requestId: job.requestId } : {}),
    });
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
      fifo: false,
      deadLetters: consumer.deadLetters,
      what: "webhook job",
    });
}
