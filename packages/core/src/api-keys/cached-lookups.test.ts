import { describe, expect, it } from "vitest";
import { newId } from "../ids";
import { apiKeyRecord } from "../testing/fixtures";
import { InMemoryApiKeyStore } from "../testing/in-memory-api-keys";
import { cacheApiKeyLookups } from "./cached-lookups";

function setup(ttlMs = 5_000) {
  let now = Date.parse("2030-01-01T00:00:00Z");
  const clock = { now: () => new Date(now) };
  const store = new InMemoryApiKeyStore();
  let reads = 0;
  const findByHash = store.findByHash.bind(store);
  store.findByHash = async (hash: string) => {
    reads++;
    return findByHash(hash);
  };
  const cached = cacheApiKeyLookups(store, { ttlMs, clock });
  return {
    store,
    cached,
    reads: () => reads,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("cached API-key lookups", () => {
  it("reads a key once per TTL, then reads it again", async () => {
    const { store, cached, reads, advance } = setup();
    const key = apiKeyRecord(newId("tenant"));
    await store.create(key);
    for (let i = 0; i < 5; i++) expect((await cached.findByHash(key.hash))?.id).toBe(key.id);
    expect(reads()).toBe(1);
    advance(5_000);
    await cached.findByHash(key.hash);
    expect(reads()).toBe(2);
  });

  it("a key deleted elsewhere works until the TTL ends; deleted through the cache it stops at once", async () => {
    const { store, cached, advance } = setup();
    const a = apiKeyRecord(newId("tenant"));
    const b = apiKeyRecord(a.tenantId);
    await store.create(a);
    await store.create(b);
    await cached.findByHash(a.hash);
    await cached.findByHash(b.hash);
    await store.delete(a.tenantId, a.id); // another instance
    expect(await cached.findByHash(a.hash)).not.toBeNull();
    advance(5_001);
    expect(await cached.findByHash(a.hash)).toBeNull();
    expect(await cached.delete(b.tenantId, b.id)).toBe(true);
    expect(await cached.findByHash(b.hash)).toBeNull();
  });

  it("passes other methods and every record field through, and remembers a touch", async () => {
    const { store, cached, reads } = setup();
    const key = { ...apiKeyRecord(newId("tenant")), scopes: ["messages:send" as const] };
    await cached.create(key);
    expect(await cached.findByHash(key.hash)).toMatchObject({ scopes: ["messages:send"] });
    await cached.touch(key.tenantId, key.id, "2030-01-01T00:00:01.000Z");
    expect((await cached.findByHash(key.hash))?.lastUsedAt).toBe("2030-01-01T00:00:01.000Z");
    expect((await store.get(key.tenantId, key.id))?.lastUsedAt).toBe("2030-01-01T00:00:01.000Z");
    expect(reads()).toBe(1);
    expect((await cached.list(key.tenantId, { limit: 10 })).items).toHaveLength(1);
  });

  it("with a TTL of 0 every lookup reads the store", async () => {
    const { store, cached, reads } = setup(0);
    const key = apiKeyRecord(newId("tenant"));
    await store.create(key);
    await cached.findByHash(key.hash);
    await cached.findByHash(key.hash);
    expect(reads()).toBe(2);
  });
});
