import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { startDynamoDbLocal, startSqsEmulator } from "@wharf/emulators";
// through the package's public index, so moves inside packages/aws do not break the test stack
import {
  createDynamoClients,
  createS3Client,
  createSqsClient,
  ensureBucket,
  ensureTable,
  LOCAL_CREDENTIALS,
} from "../index";

type DynamoDBDocumentClient = ReturnType<typeof createDynamoClients>["doc"];

/** Where a running test stack answers; plain data, so vitest can `provide` it to workers. */
export interface TestStackInfo {
  dynamoEndpoint: string;
  sqsEndpoint: string;
  region: string;
  tableName: string;
  /** fauxqs serves S3 on the SQS endpoint; this bucket exists when the stack is up */
  mediaBucket: string;
}

export interface TestStack extends TestStackInfo {
  stop(): Promise<void>;
}

export const TEST_REGION = "us-east-1";
export const TEST_TABLE_NAME = "wharf-test";
export const TEST_MEDIA_BUCKET = "wharf-test-media";

/**
 * In-memory DynamoDB Local (table created) and fauxqs, on free ports. Suites share one stack
 * per vitest project and stay apart by creating their own tenants and queue names.
 */
export async function startTestStack(): Promise<TestStack> {
  const [dynamo, sqs] = await Promise.allSettled([startDynamoDbLocal(), startSqsEmulator({ region: TEST_REGION })]);
  const stopBoth = () =>
    Promise.allSettled([
      dynamo.status === "fulfilled" && dynamo.value.stop(),
      sqs.status === "fulfilled" && sqs.value.stop(),
    ]);
  if (dynamo.status === "rejected" || sqs.status === "rejected") {
    await stopBoth();
    throw dynamo.status === "rejected" ? dynamo.reason : (sqs as PromiseRejectedResult).reason;
  }
  const info: TestStackInfo = {
    dynamoEndpoint: dynamo.value.endpoint,
    sqsEndpoint: sqs.value.endpoint,
    region: TEST_REGION,
    tableName: TEST_TABLE_NAME,
    mediaBucket: TEST_MEDIA_BUCKET,
  };
  const clients = stackClients(info);
  try {
    await ensureTable(clients.dynamo, info.tableName);
    await ensureBucket(clients.s3, info.mediaBucket);
  } catch (err) {
    await stopBoth();
    throw err;
  } finally {
    clients.dynamo.destroy();
    clients.sqs.destroy();
    clients.s3.destroy();
  }
  return { ...info, stop: async () => void (await stopBoth()) };
}

/** Real AWS SDK v3 clients pointed at a test stack (dummy credentials). */
export function stackClients(info: TestStackInfo): {
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
  s3: ReturnType<typeof createS3Client>;
} {
  const { dynamo, doc } = createDynamoClients({
    region: info.region,
    endpoint: info.dynamoEndpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  const sqs = createSqsClient({ region: info.region, endpoint: info.sqsEndpoint, credentials: LOCAL_CREDENTIALS });
  const s3 = createS3Client({ region: info.region, endpoint: info.sqsEndpoint, credentials: LOCAL_CREDENTIALS });
  return { dynamo, doc, sqs, s3 };
}
