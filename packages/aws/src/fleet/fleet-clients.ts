import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { LOCAL_CREDENTIALS, trimSdkClient } from "../dynamo/client";
import type { WharfConfig } from "../config";

/**
 * A fleet worker's AWS clients. Like createDynamoClients/createSqsClient, plus larger
 * connection pools: one worker renews hundreds of leases and writes auth state for hundreds
 * of sockets at once, and the SDK's default of 50 sockets would queue those calls.
 */
const MAX_SOCKETS = 256;

export interface FleetClients {
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
  /** closes the connection pools */
  destroy(): void;
}

export function createFleetClients(base: WharfConfig, env: Record<string, string | undefined>): FleetClients {
  // emulators take any credentials; on AWS the default provider chain (task role) is used
  const local = base.endpoints.dynamodb || base.endpoints.sqs;
  const credentials = local && !env.AWS_ACCESS_KEY_ID ? LOCAL_CREDENTIALS : undefined;
  const requestHandler = {
    httpAgent: { keepAlive: true, maxSockets: MAX_SOCKETS },
    httpsAgent: { keepAlive: true, maxSockets: MAX_SOCKETS },
  };
  const common = { region: base.region, requestHandler, ...(credentials ? { credentials } : {}) };
  const dynamo = trimSdkClient(
    new DynamoDBClient({
      ...common,
      ...(base.endpoints.dynamodb ? { endpoint: base.endpoints.dynamodb } : {}),
    }),
  );
  const doc = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  const sqs = trimSdkClient(
    new SQSClient({
      ...common,
      ...(base.endpoints.sqs ? { endpoint: base.endpoints.sqs } : {}),
      // no MD5 of every message body sent and received: TLS already guards them in transit
      md5: false,
      // each command's middleware stack resolved once per command type, not on every call (the
      // inbox's deletes and visibility changes, the events' batches); calls made with options
      // (a long poll's abort signal) still resolve their own
      cacheMiddleware: true,
    }),
  );
  return {
    dynamo,
    doc,
    sqs,
    destroy() {
      dynamo.destroy();
      sqs.destroy();
    },
  };
}
