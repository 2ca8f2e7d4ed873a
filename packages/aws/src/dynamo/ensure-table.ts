import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { TABLE_SCHEMA } from "./table-schema";

/**
 * Creates the table from TABLE_SCHEMA if it is missing (on-demand billing, every index
 * projecting all attributes), adds any index an older table lacks (a data dir made before
 * the index existed), and turns on TTL for `expiresAt`. Idempotent: safe on every start. On
 * AWS the table comes from infra; this is for the emulators and tests.
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
          GlobalSecondaryIndexes: Object.keys(TABLE_SCHEMA.globalIndexes).map(indexSpec),
        }),
      );
    } catch (err) {
      // another process created it between our describe and create: fine
      if (!(err instanceof ResourceInUseException)) throw err;
    }
    await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  }
  await ensureIndexes(client, tableName);
  await ensureTtl(client, tableName);
}

type IndexName = keyof typeof TABLE_SCHEMA.globalIndexes;

function indexSpec(name: string) {
  const idx = TABLE_SCHEMA.globalIndexes[name as IndexName];
  return {
    IndexName: name,
    KeySchema: [
      { AttributeName: idx.partitionKey, KeyType: "HASH" as const },
      { AttributeName: idx.sortKey, KeyType: "RANGE" as const },
    ],
    Projection: { ProjectionType: "ALL" as const },
  };
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

/** One index at a time (DynamoDB allows one index creation per UpdateTable), waiting until each is active. */
async function ensureIndexes(client: DynamoDBClient, tableName: string): Promise<void> {
  for (const name of Object.keys(TABLE_SCHEMA.globalIndexes)) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const existing = Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === name);
    if (!existing) {
      const idx = TABLE_SCHEMA.globalIndexes[name as IndexName];
      try {
        await client.send(
          new UpdateTableCommand({
            TableName: tableName,
            AttributeDefinitions: [idx.partitionKey, idx.sortKey].map((a) => ({
              AttributeName: a,
              AttributeType: "S",
            })),
            GlobalSecondaryIndexUpdates: [{ Create: indexSpec(name) }],
          }),
        );
      } catch (err) {
        // another process is adding it at the same time: fine, wait for it below
        if (!(err instanceof ResourceInUseException) && !/already exists/i.test(String(err))) throw err;
      }
    }
    await waitForIndex(client, tableName, name);
  }
}

async function waitForIndex(client: DynamoDBClient, tableName: string, name: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const status = Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === name)?.IndexStatus;
    if (status === "ACTIVE") return;
    if (Date.now() > deadline) throw new Error(`index ${name} of ${tableName} is still ${status ?? "missing"}`);
    await new Promise((r) => setTimeout(r, 500));
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
