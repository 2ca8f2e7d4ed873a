import { newId } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { describe, expect, it } from "vitest";
import { countSdkCalls, useTestStack } from "../testing/index";
import { AuthStateKeyring } from "./cipher";
import { CredsReader } from "./creds-reader";
import { createSessionStore } from "../stores/session-store";
import { DynamoAuthStateStore } from "./dynamo-auth-store";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const calls = countSdkCalls([stack.dynamo]);
const keyring = new AuthStateKeyring(Buffer.alloc(32, 7));
const codec = {
  encode: (v: unknown) => Buffer.from(JSON.stringify(v)),
  decode: (b: Buffer) => JSON.parse(b.toString()) as unknown,
};

describe("CredsReader (DynamoDB)", () => {
  it("reads the creds of sessions opening together in one call, each its own, absent ones as null", async () => {
    const tenantId = newId("tenant");
    const reader = new CredsReader(ctx);
    const stores = Array.from({ length: 12 }, (_, i) => {
      const sessionId = newId("session");
      const plain = new DynamoAuthStateStore({
        ctx,
        tenantId,
        sessionId,
        keyring,
        codec,
        fence: () => ({ owner: "w", epoch: 1 }),
      });
      const batched = new DynamoAuthStateStore({
        ctx,
        tenantId,
        sessionId,
        keyring,
        codec,
        credsReader: reader,
        fence: () => ({ owner: "w", epoch: 1 }),
      });
      return { i, sessionId, plain, batched };
    });
    // creds are written fenced: each session item holds the lease the writes check
    for (const s of stores) {
      await createSessionStore(ctx).create({
        ...sessionRecord(tenantId),
        id: s.sessionId,
        lease: { owner: "w", epoch: 1, leaseUntil: null },
      });
      if (s.i % 4 !== 3) await s.plain.writeCreds({ n: s.i });
    }
    calls.reset();
    const read = await Promise.all(stores.map((s) => s.batched.readCreds()));
    expect(calls.counts()).toEqual({ BatchGetItem: 1 });
    expect(read).toEqual(stores.map((s) => (s.i % 4 === 3 ? null : { n: s.i })));
    // and what the batched read sees is what the single read sees
    expect(await Promise.all(stores.map((s) => s.plain.readCreds()))).toEqual(read);
  });
});
