import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { useTestStack } from "../testing/index";
import { describe, expect, it } from "vitest";
import { ensureTable } from "./ensure-table";
import { TABLE_SCHEMA } from "./table-schema";

const stack = useTestStack();

describe("ensureTable", () => {
  it("creates the table from the shared schema and is a no-op the second time", async () => {
    const name = `ensure-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    await ensureTable(stack.dynamo, name);
    await ensureTable(stack.dynamo, name);
    const { Table } = await stack.dynamo.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: "HASH" },
      { AttributeName: TABLE_SCHEMA.sortKey, KeyType: "RANGE" },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    const gsi = Table?.GlobalSecondaryIndexes?.find((g) => g.IndexName === "gsi1");
    expect(gsi?.Projection?.ProjectionType).toBe("ALL");
    expect(gsi?.KeySchema?.map((k) => k.AttributeName)).toEqual(["gsi1pk", "gsi1sk"]);
    const ttl = await stack.dynamo.send(new DescribeTimeToLiveCommand({ TableName: name }));
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe(TABLE_SCHEMA.ttlAttribute);
    expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe("ENABLED");
    await stack.dynamo.send(new DeleteTableCommand({ TableName: name }));
  });

  it("adds an index a table made before it existed lacks, keeping the items", async () => {
    const name = `ensure-old-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    await stack.dynamo.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: ["pk", "sk", "gsi1pk", "gsi1sk"].map((a) => ({ AttributeName: a, AttributeType: "S" })),
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: "gsi1",
            KeySchema: [
              { AttributeName: "gsi1pk", KeyType: "HASH" },
              { AttributeName: "gsi1sk", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          },
        ],
      }),
    );
    await ensureTable(stack.dynamo, name);
    await ensureTable(stack.dynamo, name);
    const { Table } = await stack.dynamo.send(new DescribeTableCommand({ TableName: name }));
    const names = (Table?.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g.IndexStatus]).sort();
    expect(names).toEqual(Object.keys(TABLE_SCHEMA.globalIndexes).map((n) => [n, "ACTIVE"]));
    const gsi2 = Table?.GlobalSecondaryIndexes?.find((g) => g.IndexName === "gsi2");
    expect(gsi2?.KeySchema?.map((k) => k.AttributeName)).toEqual(["gsi2pk", "gsi2sk"]);
    await stack.dynamo.send(new DeleteTableCommand({ TableName: name }));
  });
});
