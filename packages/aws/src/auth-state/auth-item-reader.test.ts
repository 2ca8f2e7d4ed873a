import { newId } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { describe, expect, it } from "vitest";
import { createSessionStore } from "../stores/session-store";
import { countSdkCalls, useTestStack } from "../testing/index";
import { AuthItemReader } from "./auth-item-reader";
import { AuthStateKeyring } from "./cipher";
import { DynamoAuthStateStore } from "./dynamo-auth-store";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const calls = countSdkCalls([stack.dynamo]);
const keyring = new AuthStateKeyring(Buffer.alloc(32, 7));
const codec = {
  encode: (v: unknown) => Buffer.from(JSON.stringify(v)),
  decode: (b: Buffer) => JSON.parse(b.toString()) as unknown,
};
const fence = () => ({ owner: "wrk_r", epoch: 1 });

/** sessions whose creds and keys are stored (every fourth without creds), each with a plain and a shared-reader store */
async function storedSessions(n: number, reader: AuthItemReader) {
  const tenantId = newId("tenant");
  const out = [];
  for (let i = 0; i < n; i++) {
    const sessionId = newId("session");
    // writes are fenced: the session item holds the lease they check
    await createSessionStore(ctx).create({
      ...sessionRecord(tenantId),
      id: sessionId,
      lease: { owner: "wrk_r", epoch: 1, leaseUntil: null },
    });
    const plain = new DynamoAuthStateStore({ ctx, tenantId, sessionId, keyring, codec, fence });
    const shared = new DynamoAuthStateStore({ ctx, tenantId, sessionId, keyring, codec, fence, reader });
    if (i % 4 !== 3) await plain.writeCreds({ n: i });
    await plain.setKeys({ "lid-mapping": { [`a${i}`]: { lid: i } }, tctoken: { x: { t: i } } });
    out.push({ i, plain, shared });
  }
  return out;
}

describe("AuthItemReader (DynamoDB)", () => {
  it("reads the creds and keys of sessions asking in the same turn in one call, each its own", async () => {
    const reader = new AuthItemReader(ctx);
    const stores = await storedSessions(12, reader);
    calls.reset();
    const [creds, keys] = await Promise.all([
      Promise.all(stores.map((s) => s.shared.readCreds())),
      Promise.all(stores.map((s) => s.shared.getKeys("lid-mapping", [`a${s.i}`, "absent", `a${s.i}`]))),
    ]);
    expect(calls.counts()).toEqual({ BatchGetItem: 1 });
    expect(creds).toEqual(stores.map((s) => (s.i % 4 === 3 ? null : { n: s.i })));
    expect(keys).toEqual(stores.map((s) => ({ [`a${s.i}`]: { lid: s.i } })));
    // what the shared reader sees is what each session's own reads see
    expect(await Promise.all(stores.map((s) => s.plain.readCreds()))).toEqual(creds);
    expect(await Promise.all(stores.map((s) => s.plain.getKeys("tctoken", ["x"])))).toEqual(
      await Promise.all(stores.map((s) => s.shared.getKeys("tctoken", ["x"]))),
    );
  });

  it("splits more than 100 keys over several calls", async () => {
    const reader = new AuthItemReader(ctx);
    const [s] = await storedSessions(1, reader);
    calls.reset();
    const ids = Array.from({ length: 150 }, (_, i) => (i === 149 ? "a0" : `none${i}`));
    expect(await s!.shared.getKeys("lid-mapping", ids)).toEqual({ a0: { lid: 0 } });
    expect(calls.counts()).toEqual({ BatchGetItem: 2 });
  });
});
