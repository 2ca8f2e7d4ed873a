import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { LOCAL_CREDENTIALS, trimSdkClient } from "../dynamo/client";
import { loadConfig } from "../config";
import { ensureQueue } from "../sqs/ensure-queue";
import { SqsQueue } from "../sqs/sqs-queue";
import { useTestStack } from "../testing/index";
import { createFleetClients } from "./fleet-clients";

const stack = useTestStack();

const config = () =>
  loadConfig({
    WHARF_TABLE_NAME: stack.tableName,
    WHARF_PLACEMENT_QUEUE_URL: `${stack.sqsEndpoint}/000000000000/placement`,
    WHARF_EVENTS_QUEUE_URL: `${stack.sqsEndpoint}/000000000000/events`,
    WHARF_AUTH_STATE_KEY: Buffer.alloc(32, 7).toString("base64"),
    AWS_REGION: stack.region,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: stack.sqsEndpoint,
  });

describe("fleet clients (trimmed SDK clients)", () => {
  it("build one SigV4 signer per signing scope instead of one per call, and still sign every call", async () => {
    const dynamo = new DynamoDBClient({
      region: stack.region,
      endpoint: stack.dynamoEndpoint,
      credentials: LOCAL_CREDENTIALS,
    });
    const config = dynamo.config as unknown as { signer: (scheme?: unknown) => Promise<unknown> };
    const made = config.signer;
    let built = 0;
    config.signer = (scheme) => {
      built++;
      return made(scheme);
    };
    const doc = DynamoDBDocumentClient.from(trimSdkClient(dynamo));
    for (let i = 0; i < 3; i++)
      await doc.send(new GetCommand({ TableName: stack.tableName, Key: { pk: "x", sk: `y${i}` } }));
    expect(built).toBe(1);
    dynamo.destroy();
  });

  it("write and read DynamoDB, and send and receive SQS messages (MD5 checks off, stacks cached)", async () => {
    const clients = createFleetClients(config(), {});
    try {
      const pk = `TEST#${newId("tenant")}`;
      await clients.doc.send(
        new PutCommand({ TableName: stack.tableName, Item: { pk, sk: "A", n: 1, b: Buffer.from("hi") } }),
      );
      const got = await clients.doc.send(new GetCommand({ TableName: stack.tableName, Key: { pk, sk: "A" } }));
      expect(got.Item).toMatchObject({ pk, sk: "A", n: 1 });
      expect(Buffer.from(got.Item?.b as Uint8Array).toString()).toBe("hi");

      // the SQS client resolves each command's stack once (cacheMiddleware): concurrent calls to
      // different queues must still each reach their own queue
      const tag = Date.now().toString(36);
      const queues = await Promise.all(
        ["a", "b", "c"].map(async (name) => {
          const url = await ensureQueue(clients.sqs, `t-${tag}-${name}.fifo`, { fifo: true });
          return { name, queue: new SqsQueue<{ text: string }>({ client: clients.sqs, queueUrl: url }) };
        }),
      );
      await Promise.all(
        queues.map(({ name, queue }) =>
          queue.sendBatch([
            { body: { text: `${name} één` }, opts: { groupId: "g", deduplicationId: `${name}1` } },
            { body: { text: `${name} two` }, opts: { groupId: "g", deduplicationId: `${name}2` } },
          ]),
        ),
      );
      for (const { name, queue } of queues) {
        const received = [];
        while (received.length < 2) received.push(...(await queue.receive({ max: 10, waitSeconds: 1 })));
        expect(received.map((m) => JSON.parse(m.body).text)).toEqual([`${name} één`, `${name} two`]);
      }
    } finally {
      clients.destroy();
    }
  });
});
