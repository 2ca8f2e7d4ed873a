export { createSqsClient, type SqsClient, type SqsClientOptions } from "./client";
export { createWorkerInboxes, deleteQueue, sendToInbox, isMissingQueue } from "./worker-inboxes";
export { receiveForEventSource, deleteMessageBatch, type SqsSourceMessage } from "./event-source";
export { ensureQueue, queueArn, queueUrl, type EnsureQueueOptions } from "./ensure-queue";
export { SqsQueue } from "./sqs-queue";
export { DEAD_LETTER_ATTRIBUTES, SqsDeadLetterSink } from "./sqs-dead-letter-sink";
export { encodeQueueBody } from "./queue-body";
