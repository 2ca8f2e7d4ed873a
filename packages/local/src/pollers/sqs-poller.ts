import {
  deleteMessageBatch,
  queueArn as fetchQueueArn,
  receiveForEventSource,
  type SqsClient,
  type SqsSourceMessage,
} from "@wharf/aws";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { Logger } from "pino";

export interface SqsPollerOptions {
  sqs: SqsClient;
  queueUrl: string;
  /** the same handler the Lambda runs */
  handler: (event: SQSEvent) => Promise<SQSBatchResponse | void>;
  logger: Logger;
  region: string;
  /** parallel receive loops (a FIFO queue still hands one group to one loop at a time) */
  concurrency?: number;
  batchSize?: number;
  waitSeconds?: number;
}

export interface SqsPoller {
  stop(): Promise<void>;
}

/**
 * The local Lambda event source mapping (DESIGN §6): long-polls a queue, hands each batch to
 * the handler as an SQSEvent and deletes what succeeded. Records named in batchItemFailures
 * (and every record of a batch whose handler threw) stay, to come back after their
 * visibility timeout, exactly as SQS → Lambda behaves with ReportBatchItemFailures.
 */
export function startSqsPoller(opts: SqsPollerOptions): SqsPoller {
  const abort = new AbortController();
  const log = opts.logger.child({
    component: "sqs-poller",
    queue: opts.queueUrl.slice(opts.queueUrl.lastIndexOf("/") + 1),
  });
  let arn: Promise<string> | undefined;
  const queueArn = () => (arn ??= fetchQueueArn(opts.sqs, opts.queueUrl).catch(() => opts.queueUrl));

  async function loop(): Promise<void> {
    while (!abort.signal.aborted) {
      let messages: SqsSourceMessage[];
      try {
        messages = await receiveForEventSource(opts.sqs, opts.queueUrl, {
          max: opts.batchSize ?? 10,
          waitSeconds: opts.waitSeconds ?? 20,
          signal: abort.signal,
        });
      } catch (err) {
        if (abort.signal.aborted) return;
        log.warn({ err }, "receive failed; retrying in 1 s");
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (messages.length > 0) await deliver(messages);
    }
  }

  async function deliver(messages: SqsSourceMessage[]): Promise<void> {
    const source = await queueArn();
    const records = messages.map((m) => toRecord(m, source, opts.region));
    let failed: Set<string>;
    try {
      const res = await opts.handler({ Records: records });
      failed = new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (err) {
      log.error({ err, count: records.length }, "handler threw; the whole batch is retried");
      return;
    }
    const done = messages.filter((m) => !failed.has(m.messageId));
    if (done.length === 0) return;
    try {
      await deleteMessageBatch(
        opts.sqs,
        opts.queueUrl,
        done.map((m) => m.receiptHandle),
      );
    } catch (err) {
      log.warn({ err }, "delete failed; those messages will be handled again (handlers are idempotent)");
    }
  }

  const loops = Array.from({ length: opts.concurrency ?? 1 }, () => loop());
  return {
    async stop() {
      abort.abort();
      await Promise.allSettled(loops);
    },
  };
}

function toRecord(m: SqsSourceMessage, arn: string, region: string): SQSRecord {
  const a: Partial<Record<string, string>> = m.attributes;
  return {
    messageId: m.messageId,
    receiptHandle: m.receiptHandle,
    body: m.body,
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? "1",
      SentTimestamp: a.SentTimestamp ?? String(Date.now()),
      SenderId: a.SenderId ?? "local",
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(a.MessageGroupId ? { MessageGroupId: a.MessageGroupId } : {}),
      ...(a.MessageDeduplicationId ? { MessageDeduplicationId: a.MessageDeduplicationId } : {}),
      ...(a.SequenceNumber ? { SequenceNumber: a.SequenceNumber } : {}),
    },
    messageAttributes: {},
    md5OfBody: m.md5OfBody,
    eventSource: "aws:sqs",
    eventSourceARN: arn,
    awsRegion: region,
  };
}
