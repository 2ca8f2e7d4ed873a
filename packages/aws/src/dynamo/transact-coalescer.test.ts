import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { FencedError, newId } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { AuthStateKeyring } from "../auth-state/cipher";
import { DynamoAuthStateStore } from "../auth-state/dynamo-auth-store";
import { createSessionStore } from "../stores/session-store";
import { countSdkCalls, useTestStack } from "../testing/index";
import { transactionCancellationCodes } from "./errors";
import { transactCoalescer, transactWrite } from "./transact-coalescer";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const calls = countSdkCalls([stack.dynamo]);
const coalescer = transactCoalescer(stack.doc);
const tenant = newId("tenant");
const key = (name: string) => ({ pk: `TENANT#${tenant}#T#${name}`, sk: "X" });
const put = (name: string, extra: Record<string, unknown> = {}) => ({
  Put: { TableName: ctx.tableName, Item: { ...key(name), ...extra }, ConditionExpression: "attribute_not_exists(pk)" },
});
const stored = async (name: string) =>
  (await stack.doc.send(new GetCommand({ TableName: ctx.tableName, Key: key(name), ConsistentRead: true }))).Item ??
  null;
const settled = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe("transactWrite (coalesced TransactWriteItems, DynamoDB Local)", () => {
  beforeEach(() => {
    calls.reset();
    coalescer.resetStats();
  });

  it("sends the transactions of two callers in the same turn in one call", async () => {
    const [a, b] = [newId("event"), newId("event")];
    await Promise.all([
      transactWrite(ctx, { TransactItems: [put(`${a}1`), put(`${a}2`)] }),
      transactWrite(ctx, { TransactItems: [put(`${b}1`)] }),
    ]);
    expect(calls.counts()).toEqual({ TransactWriteItems: 1 });
    expect(coalescer.stats().callersPerCall).toEqual({ 2: 1 });
    for (const name of [`${a}1`, `${a}2`, `${b}1`]) expect(await stored(name)).not.toBeNull();
  });

  it("cancels only the caller whose condition failed, with its own reasons and item; the other is written", async () => {
    const [a, b] = [newId("event"), newId("event")];
    await transactWrite(ctx, { TransactItems: [put(`${b}taken`, { v: 7 })] });
    calls.reset();
    coalescer.resetStats();
    const failing = {
      TransactItems: [
        put(`${b}new`),
        { Put: { ...put(`${b}taken`).Put, ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const } },
      ],
    };
    const [ok, lost] = await Promise.all([
      settled(transactWrite(ctx, { TransactItems: [put(`${a}1`), put(`${a}2`)] })),
      settled(transactWrite(ctx, failing)),
    ]);
    expect(ok).not.toHaveProperty("error");
    expect(await stored(`${a}1`)).not.toBeNull();
    expect(await stored(`${b}new`)).toBeNull();
    const err = (lost as { error: { name: string; CancellationReasons: Array<{ Item?: unknown }> } }).error;
    expect(err.name).toBe("TransactionCanceledException");
    expect(transactionCancellationCodes(err)).toEqual(["None", "ConditionalCheckFailed"]);
    expect(err.CancellationReasons[1]?.Item).toMatchObject({ v: { N: "7" } });
    // merged, cancelled as a whole, the innocent caller sent again
    expect(calls.counts().TransactWriteItems).toBe(2);
    expect(coalescer.stats().callersPerCall).toEqual({ 2: 1, 1: 1 });

    // the same failing transaction alone: the same codes
    const alone = await settled(transactWrite(ctx, failing));
    expect(transactionCancellationCodes((alone as { error: unknown }).error)).toEqual([
      "None",
      "ConditionalCheckFailed",
    ]);
  });

  it("sends transactions on the same item in separate calls, and both land", async () => {
    const [a, c] = [newId("event"), newId("event")];
    const add = () => ({
      TransactItems: [
        {
          Update: {
            TableName: ctx.tableName,
            Key: key(a),
            UpdateExpression: "ADD n :one",
            ExpressionAttributeValues: { ":one": 1 },
          },
        },
      ],
    });
    await Promise.all([
      transactWrite(ctx, add()),
      transactWrite(ctx, add()),
      transactWrite(ctx, { TransactItems: [put(c)] }),
    ]);
    expect((await stored(a))?.n).toBe(2);
    expect(await stored(c)).not.toBeNull();
    // the first and the unrelated one together, the second on the same item in a call of its own
    expect(coalescer.stats().callersPerCall).toEqual({ 2: 1, 1: 1 });
  });

  it("lands a ValidationException (an item over 400 KB) only on its own caller", async () => {
    const [a, b] = [newId("event"), newId("event")];
    const [ok, bad] = await Promise.all([
      settled(transactWrite(ctx, { TransactItems: [put(a)] })),
      settled(transactWrite(ctx, { TransactItems: [put(b, { big: "x".repeat(410_000) })] })),
    ]);
    expect(ok).not.toHaveProperty("error");
    expect(await stored(a)).not.toBeNull();
    expect((bad as { error: { name: string } }).error.name).toBe("ValidationException");
    expect(await stored(b)).toBeNull();
    // merged, refused, then each alone
    expect(coalescer.stats().callersPerCall).toEqual({ 2: 1, 1: 2 });
  });

  it("splits more than 100 actions across calls without splitting a caller's transaction", async () => {
    const ids = [newId("event"), newId("event"), newId("event")];
    await Promise.all(
      ids.map((id) => transactWrite(ctx, { TransactItems: Array.from({ length: 40 }, (_, i) => put(`${id}.${i}`)) })),
    );
    expect(calls.counts()).toEqual({ TransactWriteItems: 2 });
    expect(coalescer.stats().callersPerCall).toEqual({ 2: 1, 1: 1 });
    for (const id of ids) expect(await stored(`${id}.39`)).not.toBeNull();
  });

  it("sends a caller with a ClientRequestToken alone", async () => {
    await Promise.all([
      transactWrite(ctx, { TransactItems: [put(newId("event"))], ClientRequestToken: newId("event") }),
      transactWrite(ctx, { TransactItems: [put(newId("event"))] }),
    ]);
    expect(coalescer.stats().callersPerCall).toEqual({ 1: 2 });
  });

  it("keeps the auth-state fence: a stale owner's write throws FencedError, another session's in the same turn lands", async () => {
    const sessions = createSessionStore(ctx);
    const keyring = new AuthStateKeyring(Buffer.alloc(32, 3));
    const codec = {
      encode: (v: unknown) => Buffer.from(JSON.stringify(v)),
      decode: (b: Buffer) => JSON.parse(b.toString()) as unknown,
    };
    const [live, stale] = [newId("session"), newId("session")];
    for (const id of [live, stale])
      await sessions.create({ ...sessionRecord(tenant), id, lease: { owner: "wrk_a", epoch: 2, leaseUntil: null } });
    const store = (sessionId: string, epoch: number) =>
      new DynamoAuthStateStore({
        ctx,
        tenantId: tenant,
        sessionId,
        keyring,
        codec,
        fence: () => ({ owner: "wrk_a", epoch }),
      });
    coalescer.resetStats();
    const [landed, fenced] = await Promise.all([
      settled(store(live, 2).writeCreds({ me: "live" })),
      settled(store(stale, 1).writeCreds({ me: "stale" })),
    ]);
    expect(landed).not.toHaveProperty("error");
    expect((fenced as { error: unknown }).error).toBeInstanceOf(FencedError);
    expect(await store(live, 2).readCreds()).toEqual({ me: "live" });
    expect(await store(stale, 2).readCreds()).toBeNull();
    expect(coalescer.stats().callersPerCall).toEqual({ 2: 1, 1: 1 });
  });
});
