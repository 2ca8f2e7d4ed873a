import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { TABLE_SCHEMA } from "./table-schema";

/**
 * Creates the table from TABLE_SCHEMA if it is missing (on-demand billing, gsi1 projecting
 * all attributes) and turns on TTL for `expiresAt`. Idempotent: safe on every start. On AWS
 * the table comes from infra; this is for the emulators and tests.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  if (!(await tableExists(client, tableName))) {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: TABLE_SCHEMA.attributes.map((name) => ({ AttributeName: name, AttributeType: "S" })),
          KeySchema: [
            { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: "HASH" },
            { AttributeName: TABLE_SCHEMA.sortKey, KeyType: "RANGE" },
          ],
          GlobalSecondaryIndexes: Object.entries(TABLE_SCHEMA.globalIndexes).map(([indexName, idx]) => ({
            IndexName: indexName,
            KeySchema: [
              { AttributeName: idx.partitionKey, KeyType: "HASH" },
              { AttributeName: idx.sortKey, KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          })),
        }),
      );
    } catch (err) {
      // another process created it between our describe and create: fine
      if (!(err instanceof ResourceInUseException)) throw err;
    }
    await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  }
  await ensureTtl(client, tableName);
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return false;
    throw err;
  }
}

async function ensureTtl(client: DynamoDBClient, tableName: string): Promise<void> {
  const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = current.TimeToLiveDescription?.TimeToLiveStatus;
  if (status === "ENABLED" || status === "ENABLING") return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true },
    }),
  );
}
