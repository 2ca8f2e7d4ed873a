/**
 * Client CPU per AWS SDK call on the worker's send path (issue 13 item 1): N calls, one after
 * another from one client, against DynamoDB Local (its own JVM process, so only the client's
 * work lands in this process's CPU time). Each operation runs on the SDK client as it comes
 * ("plain") and on the worker's (`createFleetClients`, trimmed by `trimSdkClient`):
 *   - ledger put: a conditional PutItem of a small item (the command ledger's put, measured as a plain call)
 *   - key tx: a fenced TransactWriteItems (ConditionCheck + Put of one sealed blob), the SDK alone
 *   - store set: `DynamoAuthStateStore.setKeys` of one Signal session (codec + seal + the same tx)
 * and prints client CPU µs per call (median and mean; every call timed on its own, the variants
 * taking turns call by call, so a change of load hits them alike), the sealed payload's bytes,
 * and the sealing alone. "cached": a base client with the SDK's handler cache (`cacheMiddleware`),
 * items marshalled by hand, for comparison.
 *
 *   cd packages/aws && npx tsx bench/sdk-call-cpu.ts [--calls 500] [--session-bytes 1400] [--clients plain,fleet,cached]
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  AuthStateKeyring,
  type AuthValueCodec,
  createFleetClients,
  DynamoAuthStateStore,
  ensureQueue,
  keys,
  LOCAL_CREDENTIALS,
  loadConfig,
  trimSdkClient,
  sealItem,
  signalKey,
} from "../src/index";
import { startTestStack } from "../src/testing/test-stack";

/** a session record is strings and numbers only: plain JSON is what Baileys' BufferJSON codec makes of it */
const jsonCodec: AuthValueCodec = {
  encode: (value) => Buffer.from(JSON.stringify(value), "utf8"),
  decode: (bytes) => JSON.parse(bytes.toString("utf8")) as unknown,
};

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "500" },
    "session-bytes": { type: "string", default: "1400" },
    // "plain,fleet": which clients to measure
    clients: { type: "string", default: "plain,fleet,cached,sqs-plain,sqs-fleet" },
  },
});
const N = Number(values.calls);
const SESSION_BYTES = Number(values["session-bytes"]);

/** a Signal session record shaped like libsignal's serialize(): base64 keys, about `bytes` of JSON */
function sessionRecord(bytes: number): unknown {
  const b64 = (n: number) => randomBytes(n).toString("base64");
  const chains: Record<string, unknown> = {};
  const record = {
    _sessions: {
      [b64(33)]: {
        registrationId: 12345,
        currentRatchet: {
          ephemeralKeyPair: { pubKey: b64(33), privKey: b64(32) },
          lastRemoteEphemeralKey: b64(33),
          previousCounter: 0,
          rootKey: b64(32),
        },
        indexInfo: { baseKey: b64(33), baseKeyType: 1, closed: -1, used: Date.now(), created: Date.now() },
        _chains: chains,
      },
    },
    version: "v1",
  };
  while (JSON.stringify(record).length < bytes)
    chains[b64(33)] = { chainKey: { counter: 7, key: b64(32) }, chainType: 1, messageKeys: {} };
  return record;
}

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const stack = await startTestStack();
try {
  const key = randomBytes(32);
  const keyring = new AuthStateKeyring(key);
  const tenantId = "ten_sdkcpu";
  const sessionId = "ses_sdkcpu";
  const session = sessionRecord(SESSION_BYTES);
  const encoded = jsonCodec.encode(session);
  const sealed = sealItem(keyring, signalKey(tenantId, sessionId, "session", "123.0"), encoded);
  console.log(JSON.stringify({ sessionJsonBytes: encoded.length, sealedBlobBytes: sealed.blob.length }));

  // the SDK as it comes (what createDynamoClients made before trimSdkClient)
  const plainBase = new DynamoDBClient({
    region: stack.region,
    endpoint: stack.dynamoEndpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  const plain = {
    dynamo: plainBase,
    doc: DynamoDBDocumentClient.from(plainBase, { marshallOptions: { removeUndefinedValues: true } }),
  };
  const config = loadConfig({
    WHARF_TABLE_NAME: stack.tableName,
    WHARF_PLACEMENT_QUEUE_URL: `${stack.sqsEndpoint}/000000000000/p`,
    WHARF_EVENTS_QUEUE_URL: `${stack.sqsEndpoint}/000000000000/e`,
    WHARF_AUTH_STATE_KEY: key.toString("base64"),
    AWS_REGION: stack.region,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: stack.sqsEndpoint,
  });
  const fleet = createFleetClients(config, {});
  // a base client with the SDK's handler cache (the document client refuses it), items marshalled here
  const cached = trimSdkClient(
    new DynamoDBClient({
      region: stack.region,
      endpoint: stack.dynamoEndpoint,
      credentials: LOCAL_CREDENTIALS,
      cacheMiddleware: true,
    }),
  );
  // the session item the fence checks
  await plain.doc.send(
    new PutCommand({
      TableName: stack.tableName,
      Item: { ...keys.session(tenantId, sessionId), leaseOwner: "wrk_bench", leaseEpoch: 1 },
    }),
  );

  // the sealing alone (codec + deflate + AES-GCM), no SDK
  const t0 = cpuUs();
  for (let i = 0; i < N; i++)
    sealItem(keyring, signalKey(tenantId, sessionId, "session", "123.0"), jsonCodec.encode(session));
  console.log(JSON.stringify({ op: "encode+seal (no SDK)", cpuUsPerCall: Math.round((cpuUs() - t0) / N) }));

  const wanted = new Set(String(values.clients).split(","));
  let ledger = 0;
  const ops = (doc: DynamoDBDocumentClient) => {
    const store = new DynamoAuthStateStore({
      ctx: { doc, tableName: stack.tableName },
      tenantId,
      sessionId,
      keyring,
      codec: jsonCodec,
      fence: () => ({ owner: "wrk_bench", epoch: 1 }),
    });
    return {
      "ledger PutItem": () =>
        doc.send(
          new PutCommand({
            TableName: stack.tableName,
            Item: {
              ...keys.command(tenantId, sessionId, `cmd_${ledger++}`),
              entity: "command",
              type: "message.send",
              at: new Date().toISOString(),
              expiresAt: Math.floor(Date.now() / 1000) + 86_400,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        ),
      "key TransactWriteItems": () =>
        doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  TableName: stack.tableName,
                  Key: keys.session(tenantId, sessionId),
                  ConditionExpression: "leaseOwner = :owner AND leaseEpoch = :epoch",
                  ExpressionAttributeValues: { ":owner": "wrk_bench", ":epoch": 1 },
                },
              },
              { Put: { TableName: stack.tableName, Item: sealed } },
            ],
          }),
        ),
      "store.setKeys(session)": () => store.setKeys({ session: { "123.0": session } }),
    } as Record<string, () => Promise<unknown>>;
  };
  const S = (v: string) => ({ S: v });
  const cachedOps: Record<string, () => Promise<unknown>> = {
    "ledger PutItem": () => {
      const k = keys.command(tenantId, sessionId, `cmd_${ledger++}`);
      return cached.send(
        new PutItemCommand({
          TableName: stack.tableName,
          Item: {
            pk: S(k.pk),
            sk: S(k.sk),
            entity: S("command"),
            type: S("message.send"),
            at: S(new Date().toISOString()),
            expiresAt: { N: String(Math.floor(Date.now() / 1000) + 86_400) },
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    },
    "key TransactWriteItems": () => {
      const k = keys.session(tenantId, sessionId);
      return cached.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: stack.tableName,
                Key: { pk: S(k.pk), sk: S(k.sk) },
                ConditionExpression: "leaseOwner = :owner AND leaseEpoch = :epoch",
                ExpressionAttributeValues: { ":owner": S("wrk_bench"), ":epoch": { N: "1" } },
              },
            },
            {
              Put: {
                TableName: stack.tableName,
                Item: {
                  pk: S(sealed.pk),
                  sk: S(sealed.sk),
                  entity: S(sealed.entity),
                  kid: S(sealed.kid),
                  blob: { B: sealed.blob },
                },
              },
            },
          ],
        }),
      );
    },
  };
  // SQS (fauxqs runs in this process: its share is the same for both clients, the difference is the client's)
  const sqsPlain = trimSdkClient(
    new SQSClient({ region: stack.region, endpoint: stack.sqsEndpoint, credentials: LOCAL_CREDENTIALS, md5: false }),
  );
  const queueUrl = await ensureQueue(fleet.sqs, `b-${Date.now().toString(36)}-events.fifo`, { fifo: true });
  const body = JSON.stringify({
    type: "message.status",
    data: { messageId: "msg_x", status: "delivered" },
    pad: "x".repeat(300),
  });
  let dedup = 0;
  const sqsOp = (client: SQSClient) => () =>
    client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [0, 1, 2].map((i) => ({
          Id: String(i),
          MessageBody: body,
          MessageGroupId: `g${i}`,
          MessageDeduplicationId: `d${dedup++}`,
        })),
      }),
    );
  const clients = (
    [
      ["sqs-plain", { "SendMessageBatch(3)": sqsOp(sqsPlain) }],
      ["sqs-fleet", { "SendMessageBatch(3)": sqsOp(fleet.sqs) }],
      ["plain", ops(plain.doc)],
      ["fleet", ops(fleet.doc)],
      ["cached", cachedOps],
    ] as const
  ).filter(([label]) => wanted.has(label));
  // warm-up (connections, JIT); then each round makes one call of every client and operation in
  // turn, each call timed on its own, so a change of load hits every variant alike; medians printed
  for (const [, byOp] of clients) for (const call of Object.values(byOp)) for (let i = 0; i < 200; i++) await call();
  const samples = new Map<string, number[]>();
  for (let i = 0; i < N; i++) {
    for (const [label, byOp] of clients) {
      for (const [op, call] of Object.entries(byOp)) {
        const c0 = process.cpuUsage();
        await call();
        const c = process.cpuUsage(c0);
        const name = `${label} ${op}`;
        samples.set(name, [...(samples.get(name) ?? []), c.user + c.system]);
      }
    }
  }
  for (const [name, us] of samples) {
    const sorted = [...us].sort((x, y) => x - y);
    const mean = us.reduce((x, y) => x + y, 0) / us.length;
    console.log(
      JSON.stringify({
        op: name,
        calls: us.length,
        cpuUsMedian: sorted[Math.floor(sorted.length / 2)],
        cpuUsMean: Math.round(mean),
      }),
    );
  }
  plain.dynamo.destroy();
  fleet.destroy();
  cached.destroy();
  sqsPlain.destroy();
} finally {
  await stack.stop();
}
