export { createSqsClient, type SqsClientOptions } from "./client";
export { ensureQueue, queueArn, queueUrl, type EnsureQueueOptions } from "./ensure-queue";
export { SqsQueue } from "./sqs-queue";
export { DEAD_LETTER_ATTRIBUTES, SqsDeadLetterSink } from "./sqs-dead-letter-sink";
export { encodeQueueBody } from "./queue-body";
