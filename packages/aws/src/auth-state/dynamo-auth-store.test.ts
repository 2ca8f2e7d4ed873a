import { randomBytes } from "node:crypto";
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { useTestStack } from "../testing/index";
import { describe, expect, it, vi } from "vitest";
import { claimSessionLease } from "../stores/session-lease";
import { createSessionStore } from "../stores/session-store";
import { keys } from "../dynamo/keys";
import { AuthStateKeyring } from "./cipher";
import { DynamoAuthStateStore, type AuthFence } from "./dynamo-auth-store";
import { FencedError } from "@wharf/core";
import { AuthStateDecryptError } from "./errors";
import { CREDS_SK, type AuthValueCodec } from "./items";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const sessions = createSessionStore(ctx);
const codec: AuthValueCodec = {
  encode: (v) => Buffer.from(JSON.stringify(v)),
  decode: (b) => JSON.parse(b.toString("utf8")) as unknown,
};

async function ownedSession(owner = "wrk_a") {
  const s = sessionRecord(newId("tenant"));
  await sessions.create(s);
  const claim = await claimSessionLease(ctx, {
    tenantId: s.tenantId,
    sessionId: s.id,
    owner,
    now: new Date(),
    ttlMs: 30_000,
  });
  if (claim.status !== "claimed") throw new Error("claim failed");
  return { tenantId: s.tenantId, sessionId: s.id, fence: { owner, epoch: claim.lease.epoch } };
}

function storeFor(
  s: { tenantId: string; sessionId: string },
  fence: AuthFence,
  keyring = new AuthStateKeyring(randomBytes(32)),
  onWriteError = vi.fn(),
) {
  return new DynamoAuthStateStore({
    ctx,
    tenantId: s.tenantId,
    sessionId: s.sessionId,
    keyring,
    codec,
    fence: () => fence,
    onWriteError,
  });
}

describe("DynamoAuthStateStore", () => {
  it("round-trips creds and keys, and stores only ciphertext", async () => {
    const s = await ownedSession();
    const store = storeFor(s, s.fence);
    expect(await store.readCreds()).toBeNull();
    await store.writeCreds({ me: { id: "4915100000001@s.whatsapp.net" }, registered: true });
    await store.setKeys({
      session: { "a.0": { chain: "abc" } },
      "pre-key": { "1": { pub: "p1" }, "2": { pub: "p2" } },
    });

    expect(await store.readCreds()).toEqual({ me: { id: "4915100000001@s.whatsapp.net" }, registered: true });
    expect(await store.getKeys("pre-key", ["1", "2", "3"])).toEqual({ "1": { pub: "p1" }, "2": { pub: "p2" } });
    expect(await store.getKeys("session", ["a.0"])).toEqual({ "a.0": { chain: "abc" } });

    const raw = await stack.doc.send(
      new GetCommand({
        TableName: stack.tableName,
        Key: { pk: keys.sessionPk(s.tenantId, s.sessionId), sk: CREDS_SK },
      }),
    );
    expect(JSON.stringify(raw.Item)).not.toContain("4915100000001");
    expect(raw.Item?.kid).toMatch(/^k_[0-9a-f]{16}$/);
  });

  it("deletes a key written as null", async () => {
    const s = await ownedSession();
    const store = storeFor(s, s.fence);
    await store.setKeys({ "pre-key": { "7": { pub: "x" } } });
    await store.setKeys({ "pre-key": { "7": null } });
    expect(await store.getKeys("pre-key", ["7"])).toEqual({});
  });

  it("writes 812 prekeys in several fenced transactions and reads them back in batches", async () => {
    const s = await ownedSession();
    const store = storeFor(s, s.fence);
    const preKeys = Object.fromEntries(
      Array.from({ length: 812 }, (_, i) => [String(i + 1), { pub: randomBytes(32).toString("base64") }]),
    );
    await store.setKeys({ "pre-key": preKeys });
    const ids = Object.keys(preKeys);
    expect(await store.getKeys("pre-key", ids)).toEqual(preKeys);
  });

  it("round-trips a large value (compressed before sealing)", async () => {
    const s = await ownedSession();
    const store = storeFor(s, s.fence);
    const big = {
      indexValueMap: Object.fromEntries(
        Array.from({ length: 3000 }, (_, i) => [`mac${i}`, { valueMac: "AAAA".repeat(8) }]),
      ),
    };
    await store.setKeys({ "app-state-sync-version": { regular: big } });
    expect(await store.getKeys("app-state-sync-version", ["regular"])).toEqual({ regular: big });
  });

  it("refuses every write of a worker whose lease was stolen (ConditionCheck) and reports it", async () => {
    const s = await ownedSession("wrk_old");
    const onWriteError = vi.fn();
    const keyring = new AuthStateKeyring(randomBytes(32));
    const stale = storeFor(s, s.fence, keyring, onWriteError);
    await stale.writeCreds({ v: "original" });

    // the lease expires and another worker claims it: the epoch moves on
    const later = new Date(Date.now() + 60_000);
    const stolen = await claimSessionLease(ctx, {
      tenantId: s.tenantId,
      sessionId: s.sessionId,
      owner: "wrk_new",
      now: later,
      ttlMs: 30_000,
    });
    expect(stolen.status).toBe("claimed");

    await expect(stale.writeCreds({ v: "stale" })).rejects.toBeInstanceOf(FencedError);
    await expect(stale.setKeys({ session: { x: { v: 1 } } })).rejects.toBeInstanceOf(FencedError);
    await expect(stale.clear()).rejects.toBeInstanceOf(FencedError);
    expect(onWriteError).toHaveBeenCalledTimes(3);
    expect(await stale.readCreds()).toEqual({ v: "original" });
    expect(await stale.getKeys("session", ["x"])).toEqual({});
  });

  it("refuses writes once the session is deleted", async () => {
    const s = await ownedSession();
    const store = storeFor(s, s.fence);
    await sessions.delete(s.tenantId, s.sessionId);
    await expect(store.writeCreds({ v: 1 })).rejects.toBeInstanceOf(FencedError);
  });

  it("clears creds and every key of the session, and nothing of another session", async () => {
    const a = await ownedSession();
    const b = await ownedSession();
    const keyring = new AuthStateKeyring(randomBytes(32));
    const storeA = storeFor(a, a.fence, keyring);
    const storeB = storeFor(b, b.fence, keyring);
    await storeA.writeCreds({ a: 1 });
    await storeA.setKeys({ "pre-key": Object.fromEntries(Array.from({ length: 150 }, (_, i) => [String(i), { i }])) });
    await storeB.writeCreds({ b: 1 });

    expect(await storeA.clear()).toBe(151);
    expect(await storeA.readCreds()).toBeNull();
    const left = await stack.doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :a)",
        ExpressionAttributeValues: { ":pk": keys.sessionPk(a.tenantId, a.sessionId), ":a": "AUTH#" },
      }),
    );
    expect(left.Items).toEqual([]);
    expect(await storeB.readCreds()).toEqual({ b: 1 });
  });

  it("reads state written before a key rotation, and fails loudly without the old key", async () => {
    const s = await ownedSession();
    const oldKey = randomBytes(32);
    await storeFor(s, s.fence, new AuthStateKeyring(oldKey)).writeCreds({ v: "old" });
    const newKey = randomBytes(32);
    expect(await storeFor(s, s.fence, new AuthStateKeyring(newKey, [oldKey])).readCreds()).toEqual({ v: "old" });
    await expect(storeFor(s, s.fence, new AuthStateKeyring(newKey)).readCreds()).rejects.toBeInstanceOf(
      AuthStateDecryptError,
    );
  });
});
