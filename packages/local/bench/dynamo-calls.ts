/**
 * What one call of each kind costs DynamoDB Local (Java CPU ms per call, from /proc) and this
 * process (the SDK client side), on items shaped like the data path's: the POST path's reads,
 * conditional updates and its accept transaction (3 items), the same transaction with 5 items,
 * and the batch reads/writes. Figures are per call, so they hold on a busy machine better than
 * latency does. `--jvm "<flags>"` starts java with those flags instead of the defaults.
 * Run: cd packages/local && npx tsx bench/dynamo-calls.ts [--calls 600] [--concurrency 8] [--rounds 2] [--jvm "-Xmx512m -XX:+UseSerialGC"]
 */
import { readFileSync } from "node:fs";
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { createDynamoClients, ensureTable, LOCAL_CREDENTIALS } from "@wharf/aws";
import { DEFAULT_JVM_ARGS, startDynamoDbLocal } from "@wharf/emulators";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const CALLS = Number(arg("calls") ?? 600);
const CONCURRENCY = Number(arg("concurrency") ?? 8);
const ROUNDS = Number(arg("rounds") ?? 2);
const JVM = arg("jvm")?.split(" ").filter(Boolean) ?? [...DEFAULT_JVM_ARGS];
const TABLE = "bench-calls";

function javaCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
}
const nodeCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const text = "x".repeat(300);
const message = (i: number) => ({
  pk: `T#t1#S#s${i % 40}`,
  sk: `MSG#${String(i).padStart(8, "0")}`,
  gsi1pk: `T#t1#S#s${i % 40}#CHAT#c${i % 50}`,
  gsi1sk: `MSG#${String(i).padStart(8, "0")}`,
  entity: "message",
  id: `msg_${i}`,
  direction: "out",
  status: "queued",
  content: { kind: "text", text },
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
});
const bucketUpdate = (i: number) => ({
  TableName: TABLE,
  Key: { pk: `T#t1#S#s${i % 40}`, sk: "PACING" },
  UpdateExpression: "SET tokens = :t, refilledAt = :now ADD takes :one",
  ConditionExpression: "attribute_not_exists(tokens) OR tokens >= :zero",
  ExpressionAttributeValues: { ":t": 50, ":now": Date.now(), ":one": 1, ":zero": 0 },
});
const chatUpdate = (i: number) => ({
  TableName: TABLE,
  Key: { pk: `T#t1#S#s${i % 40}`, sk: `CHAT#c${i % 50}` },
  UpdateExpression: "SET lastAt = :at, lastText = :text ADD messageCount :one",
  ExpressionAttributeValues: { ":at": new Date().toISOString(), ":text": text.slice(0, 80), ":one": 1 },
});
const quotaUpdate = (i: number) => ({
  TableName: TABLE,
  Key: { pk: "T#t1", sk: `QUOTA#${Math.floor(i / 1000)}` },
  UpdateExpression: "ADD used :one",
  ConditionExpression: "attribute_not_exists(used) OR used < :cap",
  ExpressionAttributeValues: { ":one": 1, ":cap": 10_000_000 },
});
const auditItem = (i: number) => ({
  pk: "T#t1#AUDIT",
  sk: `${new Date().toISOString()}#${i}`,
  entity: "audit",
  action: "message.send",
  actor: "key_1",
  requestId: `req_${i}`,
  status: 202,
});

type Call = (i: number) => unknown;

async function main() {
  const db = await startDynamoDbLocal({ jvmArgs: JVM });
  const { dynamo: client, doc } = createDynamoClients({
    region: "us-east-1",
    endpoint: db.endpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  await ensureTable(client, TABLE);
  for (let i = 0; i < 2000; i++)
    if (i % 100 === 0) await doc.send(new PutCommand({ TableName: TABLE, Item: message(-i - 1) }));
  let seq = 0;
  // a send's accept transaction: pacing take, the queued message, its chat bump
  const acceptItems = (i: number) => [
    { Update: bucketUpdate(i) },
    { Put: { TableName: TABLE, Item: message(seq++), ConditionExpression: "attribute_not_exists(pk)" } },
    { Update: chatUpdate(i) },
  ];
  const calls: Record<string, Call> = {
    GetItem: (i) =>
      doc.send(
        new GetCommand({ TableName: TABLE, Key: { pk: `T#t1#S#s${i % 40}`, sk: "PACING" }, ConsistentRead: true }),
      ),
    "BatchGetItem (2 keys)": (i) =>
      doc.send(
        new BatchGetCommand({
          RequestItems: {
            [TABLE]: {
              Keys: [
                { pk: `T#t1#S#s${i % 40}`, sk: "PACING" },
                { pk: "T#t1", sk: `QUOTA#${Math.floor(i / 1000)}` },
              ],
              ConsistentRead: true,
            },
          },
        }),
      ),
    "PutItem (conditional)": () =>
      doc.send(
        new PutCommand({ TableName: TABLE, Item: message(seq++), ConditionExpression: "attribute_not_exists(pk)" }),
      ),
    "PutItem (audit)": (i) => doc.send(new PutCommand({ TableName: TABLE, Item: auditItem(i) })),
    "UpdateItem (conditional)": (i) => doc.send(new UpdateCommand(bucketUpdate(i))),
    "UpdateItem (quota)": (i) => doc.send(new UpdateCommand(quotaUpdate(i))),
    "TransactWriteItems (3: take+message+chat)": (i) =>
      doc.send(
        new TransactWriteCommand({
          TransactItems: acceptItems(i),
        }),
      ),
    "TransactWriteItems (5: +quota+audit)": (i) =>
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            ...acceptItems(i),
            { Update: quotaUpdate(i) },
            { Put: { TableName: TABLE, Item: auditItem(i) } },
          ],
        }),
      ),
    "Query (limit 1)": (i) =>
      doc.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
          ExpressionAttributeValues: { ":pk": `T#t1#S#s${i % 40}`, ":p": "MSG#" },
          Limit: 1,
          ScanIndexForward: false,
        }),
      ),
    "BatchWriteItem (10 puts)": () =>
      doc.send(
        new BatchWriteCommand({
          RequestItems: { [TABLE]: Array.from({ length: 10 }, () => ({ PutRequest: { Item: message(seq++) } })) },
        }),
      ),
  };
  const run = async (fn: Call, n: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < n) await fn(next++);
      }),
    );
  };
  console.log(`DynamoDB Local, JVM ${JVM.join(" ")}; ${CALLS} calls each, ${CONCURRENCY} in flight`);
  // warm the JIT on every kind first, so the order of the table does not decide its figures
  for (const fn of Object.values(calls)) await run(fn, 300);
  const rows: Record<string, { javaMs: number; nodeMs: number; wallMs: number }> = {};
  // several rounds: a GC pause or a neighbour's burst shows as one round off the others
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round}`);
    for (const [name, fn] of Object.entries(calls)) {
      const j0 = javaCpuMs(db.pid);
      const n0 = nodeCpuMs();
      const t0 = performance.now();
      await run(fn, CALLS);
      const r = (x: number) => Math.round((x / CALLS) * 100) / 100;
      rows[name] = {
        javaMs: r(javaCpuMs(db.pid) - j0),
        nodeMs: r(nodeCpuMs() - n0),
        wallMs: r(performance.now() - t0),
      };
      console.log(
        `  ${name.padEnd(42)} java ${rows[name].javaMs.toFixed(2)} ms/call, client ${rows[name].nodeMs.toFixed(2)} ms/call, wall ${rows[name].wallMs.toFixed(2)} ms/call`,
      );
    }
  }
  doc.destroy();
  client.destroy();
  await db.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
