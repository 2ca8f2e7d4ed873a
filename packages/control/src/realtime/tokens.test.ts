import { sign } from "hono/jwt";
import { UnauthorizedError } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { mintRealtimeToken, verifyRealtimeToken } from "./tokens";

const KEY = "a".repeat(40);
const TENANT = "ten_01JGZ8X7Y3M4N5P6Q7R8S9T0VW";

describe("realtime tokens", () => {
  it("round-trip the tenant and key, with the token's own id and expiry", async () => {
    const { token, expiresAt } = await mintRealtimeToken(KEY, { tenantId: TENANT, keyId: "key_1" }, new Date(), 60);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    const verified = await verifyRealtimeToken(KEY, token);
    expect(verified).toEqual({ tenantId: TENANT, keyId: "key_1", tokenId: expect.any(String), expiresAt });
    const other = await mintRealtimeToken(KEY, { tenantId: TENANT, keyId: "key_1" }, new Date(), 60);
    expect((await verifyRealtimeToken(KEY, other.token)).tokenId).not.toBe(verified.tokenId);
  });

  it("carry a scoped key's scopes and session limit", async () => {
    const limits = { scopes: ["sessions:read"], sessionIds: ["ses_01JGZ8X7Y3M4N5P6Q7R8S9T0VW"] };
    const { token } = await mintRealtimeToken(KEY, { tenantId: TENANT, keyId: "key_1", ...limits }, new Date(), 60);
    const verified = await verifyRealtimeToken(KEY, token);
    expect(verified).toEqual({
      tenantId: TENANT,
      keyId: "key_1",
      tokenId: expect.any(String),
      expiresAt: expect.any(Date),
      ...limits,
    });
  });

  it("refuse a token whose limits do not read as lists rather than widen it to full access", async () => {
    const iat = Math.floor(Date.now() / 1000);
    const claims = { iss: "wharf", aud: "wharf-realtime", sub: TENANT, iat, nbf: iat, exp: iat + 60, jti: "t1" };
    for (const bad of [{ scp: "sessions:read" }, { sid: [1] }]) {
      const token = await sign({ ...claims, ...bad }, KEY, "HS256");
      await expect(verifyRealtimeToken(KEY, token)).rejects.toBeInstanceOf(UnauthorizedError);
    }
  });

  it.each([
    ["missing", async () => undefined],
    ["garbage", async () => "x.y.z"],
    [
      "signed with another key",
      async () => (await mintRealtimeToken("b".repeat(40), { tenantId: TENANT, keyId: null }, new Date(), 60)).token,
    ],
    [
      "expired",
      async () =>
        (await mintRealtimeToken(KEY, { tenantId: TENANT, keyId: null }, new Date(Date.now() - 3_600_000), 60)).token,
    ],
    [
      "for another audience",
      async () =>
        sign({ sub: TENANT, aud: "other", iss: "wharf", exp: Math.floor(Date.now() / 1000) + 60 }, KEY, "HS256"),
    ],
    [
      "without a tenant",
      async () => sign({ aud: "wharf-realtime", iss: "wharf", exp: Math.floor(Date.now() / 1000) + 60 }, KEY, "HS256"),
    ],
    [
      "with alg none",
      async () =>
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify({ sub: TENANT, aud: "wharf-realtime", iss: "wharf" })).toString("base64url")}.`,
    ],
  ])("refuses a token that is %s", async (_n, make) => {
    await expect(verifyRealtimeToken(KEY, await make())).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
