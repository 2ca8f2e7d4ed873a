import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { ConflictError, newId } from "@wharf/core";
import { apiKeyRecord } from "@wharf/core/testing";
import { useTestStack } from "../testing/index";
import { describe, expect, it } from "vitest";
import { createApiKeyStore } from "./api-key-store";
import { keys } from "../dynamo/keys";
import { collectPages, expectCursorRejected } from "./test-fixtures";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const apiKeys = createApiKeyStore(ctx, { touchIntervalMs: 0 });

describe("DynamoDB API key store", () => {
  it("stores a key and finds it by id and by hash", async () => {
    const tenantId = newId("tenant");
    const key = apiKeyRecord(tenantId);
    await apiKeys.create(key);
    expect(await apiKeys.get(tenantId, key.id)).toEqual(key);
    expect(await apiKeys.findByHash(key.hash)).toEqual(key);
  });

  it("keeps keys apart by tenant", async () => {
    const tenantId = newId("tenant");
    const other = newId("tenant");
    const key = apiKeyRecord(tenantId);
    await apiKeys.create(key);
    expect(await apiKeys.get(other, key.id)).toBeNull();
    expect((await apiKeys.list(other, { limit: 10 })).items).toEqual([]);
    expect(await apiKeys.delete(other, key.id)).toBe(false);
    expect(await apiKeys.get(tenantId, key.id)).not.toBeNull();
  });

  it("refuses a second key with the same id", async () => {
    const tenantId = newId("tenant");
    const key = apiKeyRecord(tenantId);
    await apiKeys.create(key);
    await expect(apiKeys.create(apiKeyRecord(tenantId, { id: key.id }))).rejects.toBeInstanceOf(ConflictError);
    expect(await apiKeys.findByHash(key.hash)).toEqual(key);
  });

  it("refuses a second key with the same hash and writes nothing for it", async () => {
    const tenantId = newId("tenant");
    const key = apiKeyRecord(tenantId);
    await apiKeys.create(key);
    const clash = apiKeyRecord(newId("tenant"), { hash: key.hash });
    await expect(apiKeys.create(clash)).rejects.toBeInstanceOf(ConflictError);
    expect(await apiKeys.get(clash.tenantId, clash.id)).toBeNull();
    expect((await apiKeys.findByHash(key.hash))?.id).toBe(key.id);
  });

  it("lets exactly one of two racing creates with the same hash win", async () => {
    const hash = apiKeyRecord("x").hash;
    const a = apiKeyRecord(newId("tenant"), { hash });
    const b = apiKeyRecord(newId("tenant"), { hash });
    const results = await Promise.allSettled([apiKeys.create(a), apiKeys.create(b)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
  });

  it("deletes the key and its hash lookup, then reports nothing to delete", async () => {
    const tenantId = newId("tenant");
    const key = apiKeyRecord(tenantId);
    await apiKeys.create(key);
    expect(await apiKeys.delete(tenantId, key.id)).toBe(true);
    expect(await apiKeys.get(tenantId, key.id)).toBeNull();
    expect(await apiKeys.findByHash(key.hash)).toBeNull();
    expect(await apiKeys.delete(tenantId, key.id)).toBe(false);
  });

  it("pages through a tenant's keys oldest first", async () => {
    const tenantId = newId("tenant");
    const created = [];
    for (let i = 0; i < 5; i++) {
      const k = apiKeyRecord(tenantId, { name: `k${i}` });
      await apiKeys.create(k);
      created.push(k);
    }
    await apiKeys.create(apiKeyRecord(newId("tenant")));
    const { items, pages } = await collectPages((cursor) => apiKeys.list(tenantId, { limit: 2, cursor }), 2);
    expect(pages).toBe(3);
    expect(items.map((k) => k.id)).toEqual(created.map((k) => k.id));
  });

  it("rejects another tenant's cursor and malformed cursors", async () => {
    const tenantId = newId("tenant");
    const other = newId("tenant");
    for (let i = 0; i < 3; i++) await apiKeys.create(apiKeyRecord(other));
    const page = await apiKeys.list(other, { limit: 1 });
    expect(page.nextCursor).not.toBeNull();
    await expectCursorRejected(apiKeys.list(tenantId, { limit: 1, cursor: page.nextCursor ?? "" }));
    await expectCursorRejected(apiKeys.list(tenantId, { limit: 1, cursor: "%%%" }));
    await expectCursorRejected(
      apiKeys.list(tenantId, { limit: 1, cursor: Buffer.from(JSON.stringify({ pk: 1, sk: 2 })).toString("base64url") }),
    );
  });

  it("records lastUsedAt on touch, visible by id and by hash", async () => {
    const tenantId = newId("tenant");
    const key = apiKeyRecord(tenantId);
    await apiKeys.create(key);
    const at = new Date().toISOString();
    await apiKeys.touch(tenantId, key.id, at);
    expect((await apiKeys.get(tenantId, key.id))?.lastUsedAt).toBe(at);
    expect((await apiKeys.findByHash(key.hash))?.lastUsedAt).toBe(at);
  });

  it("never moves lastUsedAt backwards", async () => {
    const tenantId = newId("tenant");
    const key = apiKeyRecord(tenantId);
    await apiKeys.create(key);
    await apiKeys.touch(tenantId, key.id, "2030-01-01T00:00:10.000Z");
    await apiKeys.touch(tenantId, key.id, "2030-01-01T00:00:05.000Z");
    expect((await apiKeys.get(tenantId, key.id))?.lastUsedAt).toBe("2030-01-01T00:00:10.000Z");
  });

  it("throttles touch writes to one per interval", async () => {
    const throttled = createApiKeyStore(ctx, { touchIntervalMs: 60_000 });
    const tenantId = newId("tenant");
    const key = apiKeyRecord(tenantId);
    await throttled.create(key);
    await throttled.touch(tenantId, key.id, "2030-01-01T00:00:00.000Z");
    await throttled.touch(tenantId, key.id, "2030-01-01T00:00:30.000Z");
    expect((await throttled.get(tenantId, key.id))?.lastUsedAt).toBe("2030-01-01T00:00:00.000Z");
    await throttled.touch(tenantId, key.id, "2030-01-01T00:01:00.000Z");
    expect((await throttled.get(tenantId, key.id))?.lastUsedAt).toBe("2030-01-01T00:01:00.000Z");
  });

  it("throttles touch writes across processes through the stored value", async () => {
    // two stores = two Lambda instances, each with its own in-process throttle
    const a = createApiKeyStore(ctx, { touchIntervalMs: 60_000 });
    const b = createApiKeyStore(ctx, { touchIntervalMs: 60_000 });
    const tenantId = newId("tenant");
    const key = apiKeyRecord(tenantId);
    await a.create(key);
    await a.touch(tenantId, key.id, "2030-01-01T00:00:00.000Z");
    await b.touch(tenantId, key.id, "2030-01-01T00:00:30.000Z");
    expect((await b.findByHash(key.hash))?.lastUsedAt).toBe("2030-01-01T00:00:00.000Z");
  });

  it("does not create an item when touching a missing key", async () => {
    const tenantId = newId("tenant");
    const id = newId("apiKey");
    await apiKeys.touch(tenantId, id, new Date().toISOString());
    const raw = await stack.doc.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.apiKey(tenantId, id), ConsistentRead: true }),
    );
    expect(raw.Item).toBeUndefined();
  });
});
