import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { NotFoundError, UnauthorizedError } from "../errors";
import { newId } from "../ids";
import { InMemoryApiKeyStore } from "../testing";
import { authenticateApiKey, createApiKey, isAdminKey, listApiKeys, revokeApiKey } from "./api-keys";
import { hashApiKey } from "./secret";

/** Counts lookups so tests can prove garbage never reaches the store. */
class CountingApiKeys extends InMemoryApiKeyStore {
  lookups = 0;
  override findByHash(hash: string) {
    this.lookups++;
    return super.findByHash(hash);
  }
}

function setup() {
  return { apiKeys: new CountingApiKeys(), clock: fixedClock("2030-01-01T00:00:00Z") };
}

describe("api key verbs", () => {
  it("returns the secret once and stores only its SHA-256 and visible prefix", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    const { record, secret } = await createApiKey(deps, tenantId, { name: "ci" });
    expect(secret).toMatch(/^wharf_sk_[A-Za-z0-9_-]{43}$/);
    const stored = await deps.apiKeys.get(tenantId, record.id);
    expect(stored).toEqual(record);
    expect(stored!.hash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(secret.startsWith(stored!.prefix)).toBe(true);
    expect(stored!.prefix).toMatch(/^wharf_sk_.{6}$/);
    expect(JSON.stringify(stored)).not.toContain(secret.slice(stored!.prefix.length));
    expect(record).toMatchObject({ tenantId, name: "ci", createdAt: "2030-01-01T00:00:00.000Z", lastUsedAt: null });
    expect(record.id).toMatch(/^key_/);
  });

  it("makes a different secret every time", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    const a = await createApiKey(deps, tenantId, { name: "a" });
    const b = await createApiKey(deps, tenantId, { name: "b" });
    expect(a.secret).not.toBe(b.secret);
    expect(a.record.hash).not.toBe(b.record.hash);
  });

  it("authenticates the right secret to its key and tenant", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    const { record, secret } = await createApiKey(deps, tenantId, { name: "ci" });
    expect(await authenticateApiKey(deps, secret)).toEqual(record);
  });

  it("rejects a well-formed but unknown secret", async () => {
    const deps = setup();
    const { secret } = await createApiKey(deps, newId("tenant"), { name: "ci" });
    const wrong = secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A");
    await expect(authenticateApiKey(deps, wrong)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it.each([
    ["empty", ""],
    ["bearer prefix left in", `Bearer wharf_sk_${"a".repeat(43)}`],
    ["too short", "wharf_sk_abc"],
    ["wrong prefix", `other_sk_${"a".repeat(43)}`],
    ["bad characters", `wharf_sk_${"a".repeat(42)}!`],
  ])("rejects a malformed secret (%s) without a lookup", async (_name, presented) => {
    const deps = setup();
    await expect(authenticateApiKey(deps, presented)).rejects.toMatchObject({ code: "unauthorized" });
    expect(deps.apiKeys.lookups).toBe(0);
  });

  it("revokes a key: it stops authenticating and a second revoke is NotFound", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    const { record, secret } = await createApiKey(deps, tenantId, { name: "ci" });
    await revokeApiKey(deps, tenantId, record.id);
    await expect(authenticateApiKey(deps, secret)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(revokeApiKey(deps, tenantId, record.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("cannot revoke another tenant's key", async () => {
    const deps = setup();
    const owner = newId("tenant");
    const { record, secret } = await createApiKey(deps, owner, { name: "ci" });
    await expect(revokeApiKey(deps, newId("tenant"), record.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await authenticateApiKey(deps, secret)).toEqual(record);
  });

  it("lists only the tenant's own keys", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    await createApiKey(deps, tenantId, { name: "one" });
    await createApiKey(deps, tenantId, { name: "two" });
    await createApiKey(deps, newId("tenant"), { name: "foreign" });
    const page = await listApiKeys(deps, tenantId, { limit: 10 });
    expect(page.items.map((k) => k.name).sort()).toEqual(["one", "two"]);
  });
});

describe("admin key", () => {
  const admin = `wharf_admin_${"x".repeat(40)}`;
  const adminHash = hashApiKey(admin);

  it("accepts the configured admin key by hash", () => {
    expect(isAdminKey(admin, adminHash)).toBe(true);
  });

  it.each([
    ["another key", `wharf_admin_${"y".repeat(40)}`, adminHash],
    ["empty key", "", adminHash],
    ["empty configured hash", admin, ""],
    ["non-hex configured hash", admin, "z".repeat(64)],
    ["truncated configured hash", admin, adminHash.slice(0, 32)],
  ])("rejects %s", (_name, presented, hash) => {
    expect(isAdminKey(presented, hash)).toBe(false);
  });
});
