import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface DynamoClientOptions {
  region: string;
  /** DynamoDB Local or another emulator; omit on AWS */
  endpoint?: string | undefined;
  /** omit on AWS (default provider chain); emulators accept any value */
  credentials?: AwsCredentials | undefined;
}

/** Any non-empty credentials work against the emulators; they are never checked. */
export const LOCAL_CREDENTIALS: AwsCredentials = { accessKeyId: "local", secretAccessKey: "local" };

/** The base client (table admin) and a document client over it (stores). */
export function createDynamoClients(opts: DynamoClientOptions): {
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
} {
  const dynamo = new DynamoDBClient({
    region: opts.region,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
  });
  const doc = DynamoDBDocumentClient.from(dynamo, {
    // undefined optional fields are dropped instead of failing the whole write
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    unmarshallOptions: { wrapNumbers: false },
  });
  return { dynamo, doc };
}

export function createDocumentClient(opts: DynamoClientOptions): DynamoDBDocumentClient {
  return createDynamoClients(opts).doc;
}
