import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type ReceiveMessageCommandOutput,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
  type SendMessageBatchRequestEntry,
} from "@aws-sdk/client-sqs";
import type { QueueReceiver, QueueSender, ReceivedMessage, SendOptions } from "@wharf/core";
import { DeleteBatcher } from "./delete-batcher";
import { encodeQueueBody } from "./queue-body";
import { chunkBySize } from "../chunks";

const MAX_BATCH_ENTRIES = 10;
/** SQS caps a whole batch request at 256 KiB of message bodies */
const MAX_BATCH_BYTES = 256 * 1024;

/**
 * One SQS queue as the core queue ports. Bodies are JSON; consumers parse and validate them
 * with the contracts' schemas. FIFO-ness comes from the URL (`.fifo`): a FIFO send needs a
 * groupId (per-session order) and, unless the queue deduplicates by content, a deduplicationId.
 */
export class SqsQueue<T> implements QueueSender<T>, QueueReceiver {
  readonly queueUrl: string;
  readonly fifo: boolean;
  private readonly client: SQSClient;
  private readonly deletes: DeleteBatcher | null;

  /** `batchDeletes`: deletes close together share DeleteMessageBatch calls (see DeleteBatcher) */
  constructor(opts: { client: SQSClient; queueUrl: string; batchDeletes?: boolean }) {
    this.client = opts.client;
    this.queueUrl = opts.queueUrl;
    this.fifo = opts.queueUrl.endsWith(".fifo");
    this.deletes = opts.batchDeletes ? new DeleteBatcher(opts.client, opts.queueUrl) : null;
  }

  async send(body: T, opts: SendOptions = {}): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: encodeQueueBody(body), ...this.sendParams(opts) }),
    );
  }

  /** Sends in batches of at most 10 entries / 256 KiB; throws if any entry failed. */
  async sendBatch(bodies: Array<{ body: T; opts?: SendOptions }>): Promise<void> {
    const failures: string[] = [];
    for (const chunk of chunkBySize(
      bodies.map((b) => ({ json: encodeQueueBody(b.body), opts: b.opts ?? {} })),
      MAX_BATCH_ENTRIES,
      MAX_BATCH_BYTES,
      (e) => Buffer.byteLength(e.json, "utf8"),
    )) {
      const entries: SendMessageBatchRequestEntry[] = chunk.map((e, i) => ({
        Id: String(i),
        MessageBody: e.json,
        ...this.sendParams(e.opts),
      }));
      const res = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
      for (const f of res.Failed ?? []) failures.push(`${f.Code ?? "error"}: ${f.Message ?? ""}`.trim());
    }
    if (failures.length > 0)
      throw new Error(
        `SQS batch send: ${failures.length} of ${bodies.length} failed (${failures.slice(0, 3).join("; ")})`,
      );
  }

  /** A long poll that `signal` can cut short: an aborted poll returns no messages rather than throwing. */
  async receive(opts: {
    max: number;
    waitSeconds: number;
    visibilityTimeoutSeconds?: number;
    signal?: AbortSignal;
  }): Promise<ReceivedMessage[]> {
    if (opts.signal?.aborted) return [];
    let res: ReceiveMessageCommandOutput;
    try {
      res = await this.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.queueUrl,
          MaxNumberOfMessages: Math.min(Math.max(opts.max, 1), 10),
          WaitTimeSeconds: Math.min(Math.max(opts.waitSeconds, 0), 20),
          ...(opts.visibilityTimeoutSeconds !== undefined ? { VisibilityTimeout: opts.visibilityTimeoutSeconds } : {}),
          MessageSystemAttributeNames: ["ApproximateReceiveCount", "MessageGroupId"],
        }),
        opts.signal ? { abortSignal: opts.signal } : {},
      );
    } catch (err) {
      if (opts.signal?.aborted) return [];
      throw err;
    }
    return (res.Messages ?? []).map((m) => {
      const groupId = m.Attributes?.MessageGroupId;
      return {
        messageId: m.MessageId ?? "",
        receiptHandle: m.ReceiptHandle ?? "",
        body: m.Body ?? "",
        receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? "1"),
        ...(groupId ? { groupId } : {}),
      };
    });
  }

  async delete(receiptHandle: string): Promise<void> {
    if (this.deletes) return this.deletes.delete(receiptHandle);
    await this.client.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle }));
  }

  async changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  }

  private sendParams(opts: SendOptions): {
    MessageGroupId?: string;
    MessageDeduplicationId?: string;
    DelaySeconds?: number;
  } {
    if (this.fifo) {
      if (!opts.groupId) throw new Error(`FIFO queue ${this.queueUrl}: send needs a groupId`);
      // FIFO queues take no per-message delay; dropping it silently would hide a bug
      if (opts.delaySeconds) throw new Error(`FIFO queue ${this.queueUrl}: per-message delay is not supported`);
      return {
        MessageGroupId: opts.groupId,
        ...(opts.deduplicationId ? { MessageDeduplicationId: opts.deduplicationId } : {}),
      };
    }
    return opts.delaySeconds !== undefined ? { DelaySeconds: opts.delaySeconds } : {};
  }
}
