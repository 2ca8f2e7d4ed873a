import { SQSClient } from "@aws-sdk/client-sqs";
import type { AwsCredentials } from "../dynamo/client";

/** The SQS client type, for packages that hold one without importing the SDK. */
export type SqsClient = SQSClient;

export interface SqsClientOptions {
  region: string;
  /** fauxqs or another emulator; omit on AWS */
  endpoint?: string | undefined;
  credentials?: AwsCredentials | undefined;
}

/**
 * With an explicit endpoint every call goes there, whatever host the queue URL names
 * (fauxqs URLs say sqs.<region>.localhost, which need not resolve).
 */
export function createSqsClient(opts: SqsClientOptions): SQSClient {
  return new SQSClient({
    region: opts.region,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
  });
}
