export { createSqsClient, type SqsClientOptions } from "./client";
export { ensureQueue, queueArn, queueUrl, type EnsureQueueOptions } from "./ensure-queue";
export { SqsQueue } from "./sqs-queue";
export { encodeQueueBody } from "./queue-body";
