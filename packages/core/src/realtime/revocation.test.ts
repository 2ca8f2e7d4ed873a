import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { UnauthorizedError } from "../errors";
import { newId } from "../ids";
import { apiKeyRecord } from "../testing/fixtures";
import { InMemoryApiKeyStore } from "../testing/in-memory-api-keys";
import { InMemoryConnectionCloser, InMemoryConnectionStore } from "../testing/in-memory-connections";
import { admitConnection, closeKeyConnections, type VerifiedToken } from "./revocation";

async function setup() {
  const clock = fixedClock("2030-01-01T00:00:00Z");
  const connections = new InMemoryConnectionStore();
  const apiKeys = new InMemoryApiKeyStore();
  const tenantId = newId("tenant");
  const key = apiKeyRecord(tenantId);
  await apiKeys.create(key);
  const token = (): VerifiedToken => ({
    tenantId,
    keyId: key.id,
    tokenId: newId("event").slice(4),
    expiresAt: new Date("2030-01-01T00:05:00Z"),
  });
  return { clock, connections, apiKeys, tenantId, key, token };
}

describe("realtime access", () => {
  it("admits a token once and records its key on the connection", async () => {
    const s = await setup();
    const t = s.token();
    const record = await admitConnection(s, t, "c1");
    expect(record).toMatchObject({ connectionId: "c1", tenantId: s.tenantId, keyId: s.key.id });
    await expect(admitConnection(s, t, "c2")).rejects.toBeInstanceOf(UnauthorizedError);
    expect(await s.connections.get("c2")).toBeNull();
  });

  it("refuses a token whose key is gone", async () => {
    const s = await setup();
    await s.apiKeys.delete(s.tenantId, s.key.id);
    await expect(admitConnection(s, s.token(), "c1")).rejects.toThrow(/revoked/);
    expect(await s.connections.get("c1")).toBeNull();
  });

  it("closes and forgets only the revoked key's connections", async () => {
    const s = await setup();
    await admitConnection(s, s.token(), "mine-1");
    await admitConnection(s, s.token(), "mine-2");
    const other = apiKeyRecord(s.tenantId);
    await s.apiKeys.create(other);
    await admitConnection(s, { ...s.token(), keyId: other.id }, "theirs");
    const closer = new InMemoryConnectionCloser();
    closer.gone.add("mine-2");
    const report = await closeKeyConnections(
      { connections: s.connections, closer, clock: s.clock },
      s.tenantId,
      s.key.id,
    );
    expect(report).toEqual({ closed: 2, failed: 0 });
    expect(closer.closed).toEqual(["mine-1"]);
    expect((await s.connections.listByTenant(s.tenantId, s.clock.now())).map((c) => c.connectionId)).toEqual([
      "theirs",
    ]);
  });

  it("forgets a connection even when closing it fails, so no frame reaches it", async () => {
    const s = await setup();
    await admitConnection(s, s.token(), "c1");
    const closer = { close: async () => Promise.reject(new Error("management API down")) };
    const report = await closeKeyConnections(
      { connections: s.connections, closer, clock: s.clock },
      s.tenantId,
      s.key.id,
    );
    expect(report).toEqual({ closed: 0, failed: 1 });
    expect(await s.connections.get("c1")).toBeNull();
  });
});
