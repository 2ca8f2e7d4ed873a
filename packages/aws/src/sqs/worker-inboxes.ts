import { randomUUID } from "node:crypto";
import { DeleteQueueCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { FleetCommand } from "@wharf/contracts";
import { INBOX_WAKE_GROUP, type WorkerInboxes } from "@wharf/core";
import { ensureQueue } from "./ensure-queue";
import { encodeQueueBody } from "./queue-body";
import { SqsQueue } from "./sqs-queue";

/** A worker's inbox keeps a command invisible this long while the worker runs it. */
const INBOX_VISIBILITY_SECONDS = 60;

/** SQS (and fauxqs) name a deleted or never-created queue in several ways. */
export function isMissingQueue(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name ?? "";
  return name.includes("NonExistentQueue") || name.includes("QueueDoesNotExist");
}

/** One command to a worker's Inbox.fifo: its session's group keeps order, the command id deduplicates. */
export async function sendToInbox(sqs: SQSClient, inboxUrl: string, command: FleetCommand): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: inboxUrl,
      MessageBody: encodeQueueBody(command),
      MessageGroupId: command.sessionId,
      MessageDeduplicationId: command.id,
    }),
  );
}

/** Deletes a queue; false when it was already gone. */
export async function deleteQueue(sqs: SQSClient, queueUrl: string): Promise<boolean> {
  try {
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
    return true;
  } catch (err) {
    if (isMissingQueue(err)) return false;
    throw err;
  }
}

/**
 * The workers' inbox queues, named `<prefix><workerId>.fifo` (the prefix names one fleet),
 * each redriven to the fleet's shared inbox DLQ when one is configured.
 */
export function createWorkerInboxes(
  sqs: SQSClient,
  opts: { prefix: string; deadLetterTarget?: { arn: string; maxReceiveCount: number } | null },
): WorkerInboxes {
  const redrive = opts.deadLetterTarget ? { deadLetterTarget: opts.deadLetterTarget } : {};
  // one receiver per inbox, so deletes of commands finishing together share a batch call
  const receivers = new Map<string, SqsQueue<FleetCommand>>();
  return {
    create: (workerId) =>
      ensureQueue(sqs, `${opts.prefix}${workerId}.fifo`, {
        fifo: true,
        visibilityTimeoutSeconds: INBOX_VISIBILITY_SECONDS,
        ...redrive,
      }),
    receiver: (url) => {
      let r = receivers.get(url);
      if (!r) {
        r = new SqsQueue<FleetCommand>({ client: sqs, queueUrl: url, batchDeletes: true });
        receivers.set(url, r);
      }
      return r;
    },
    forward: (url, command) => sendToInbox(sqs, url, command),
    wake: async (url) => {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: "{}",
          MessageGroupId: INBOX_WAKE_GROUP,
          MessageDeduplicationId: `wake-${randomUUID()}`,
        }),
      );
    },
    delete: (url) => {
      receivers.delete(url);
      return deleteQueue(sqs, url);
    },
  };
}
