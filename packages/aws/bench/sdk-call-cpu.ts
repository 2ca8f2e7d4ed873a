/**
 * Client CPU per AWS SDK call on the worker's send path (issue 13 item 1): N calls, one after
 * another from one client, against DynamoDB Local (its own JVM process, so only the client's
 * work lands in this process's CPU time). Each operation runs on the SDK client as it comes
 * ("plain") and on the worker's (`createFleetClients`, trimmed by `trimSdkClient`):
 *   - ledger put: the command ledger's conditional PutItem (small item)
 *   - key tx: a fenced TransactWriteItems (ConditionCheck + Put of one sealed blob), the SDK alone
 *   - store set: `DynamoAuthStateStore.setKeys` of one Signal session (codec + seal + the same tx)
 * and prints client CPU µs per call (least of `--rounds`, clients alternating, so a load change
 * hits both), the sealed payload's bytes, and the sealing alone.
 *
 *   cd packages/aws && npx tsx bench/sdk-call-cpu.ts [--calls 500] [--rounds 3] [--session-bytes 1400] [--clients plain,fleet]
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  AuthStateKeyring,
  type AuthValueCodec,
  createFleetClients,
  DynamoAuthStateStore,
  keys,
  LOCAL_CREDENTIALS,
  loadConfig,
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
    clients: { type: "string", default: "plain,fleet" },
    // rounds of N calls per client and operation; the least CPU of the rounds is printed
    rounds: { type: "string", default: "3" },
  },
});
const N = Number(values.calls);
const SESSION_BYTES = Number(values["session-bytes"]);
const ROUNDS = Number(values.rounds);

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

/** client CPU µs per call (user + system, and user alone), over N calls one after another */
async function measure(call: (i: number) => Promise<unknown>): Promise<{ cpu: number; user: number }> {
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) await call(i);
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / N, user: c.user / N };
}

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
  const clients = (
    [
      ["plain", ops(plain.doc)],
      ["fleet", ops(fleet.doc)],
    ] as const
  ).filter(([label]) => wanted.has(label));
  // warm-up (connections, JIT), then rounds alternating the clients so load drifts hit both
  for (const [, byOp] of clients) for (const call of Object.values(byOp)) for (let i = 0; i < 200; i++) await call();
  const best: Record<string, { cpu: number; user: number }> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, byOp] of clients) {
      for (const [op, call] of Object.entries(byOp)) {
        const r = await measure(call);
        const name = `${label} ${op}`;
        const prev = best[name];
        best[name] = { cpu: Math.min(prev?.cpu ?? r.cpu, r.cpu), user: Math.min(prev?.user ?? r.user, r.user) };
      }
    }
  }
  for (const [name, r] of Object.entries(best))
    console.log(
      JSON.stringify({
        op: name,
        calls: N,
        rounds: ROUNDS,
        cpuUsPerCall: Math.round(r.cpu),
        userUsPerCall: Math.round(r.user),
      }),
    );
  plain.dynamo.destroy();
  fleet.destroy();
} finally {
  await stack.stop();
}
