import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import { newId } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { ensureQueue } from "../index";
import { useTestStack } from "../testing/index";
import { countSdkCalls } from "./sdk-call-counter";

const stack = useTestStack();

describe("SDK call counter", () => {
  it("counts each command once by its API name, for document, DynamoDB and SQS clients", async () => {
    const counter = countSdkCalls([stack.dynamo, stack.sqs]);
    const key = { pk: `T#${newId("tenant")}`, sk: "X" };
    const url = await ensureQueue(stack.sqs, `counter-${Date.now().toString(36)}`);
    counter.reset();
    await stack.doc.send(new PutCommand({ TableName: stack.tableName, Item: key }));
    await stack.doc.send(new GetCommand({ TableName: stack.tableName, Key: key }));
    await stack.doc.send(new GetCommand({ TableName: stack.tableName, Key: key }));
    await stack.sqs.send(new GetQueueUrlCommand({ QueueName: url.split("/").pop() }));
    expect(counter.take()).toEqual({ PutItem: 1, GetItem: 2, GetQueueUrl: 1 });
    expect(counter.total()).toBe(0);
  });
});
