import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { ListQueuesCommand } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { useTestStack } from "./index";

describe("test stack", () => {
  it("the shared test stack answers with the table created", async () => {
    const stack = useTestStack();
    const tables = await stack.dynamo.send(new ListTablesCommand({}));
    expect(tables.TableNames).toContain(stack.tableName);
    const queues = await stack.sqs.send(new ListQueuesCommand({}));
    expect(queues.$metadata.httpStatusCode).toBe(200);
  });
});
