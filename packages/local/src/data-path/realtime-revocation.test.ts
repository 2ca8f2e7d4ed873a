import { createConnectionStore } from "@wharf/aws";
import type { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../runtime";
import { apiOf, clients, newTenant, openSocket, startTestRuntime, waitFor, type Tenant } from "./test-kit";

/**
 * Realtime tokens answer to their API key (DESIGN §5): revoking the key closes the sockets its
 * tokens opened, a token minted before the revocation no longer opens one, and a token opens
 * one connection only. Real `ws` clients against the local API Gateway stand-in.
 */
describe("realtime revocation (local gateway)", () => {
  let rt: LocalRuntime;
  const { doc } = clients();
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(async () => {
    await rt?.stop();
  });

  async function mint(key: string): Promise<string> {
    const res = await apiOf(rt).call("POST", "/v1/realtime/tokens", { key, json: {} });
    expect(res.status).toBe(201);
    return `${res.body.url}?token=${encodeURIComponent(res.body.token)}`;
  }
  const refusal = (url: string) =>
    openSocket(url).then(
      (s) => {
        s.close();
        return 101;
      },
      (e: { status?: number }) => e.status,
    );
  const closed = (ws: WebSocket) =>
    new Promise<void>((resolve) => {
      if (ws.readyState === ws.CLOSED) resolve();
      else ws.once("close", () => resolve());
    });
  async function secondKey(t: Tenant): Promise<{ id: string; secret: string }> {
    const res = await apiOf(rt).call("POST", "/v1/api-keys", { key: t.key, json: { name: "dashboard" } });
    expect(res.status).toBe(201);
    return { id: res.body.id, secret: res.body.secret };
  }

  it("a token opens one connection only", async () => {
    const t = await newTenant(rt, "rt-once");
    const url = await mint(t.key);
    const first = await openSocket(url);
    expect(await refusal(url)).toBe(401);
    first.close();
    await closed(first.ws);
    // closing the first does not free the token either
    expect(await refusal(url)).toBe(401);
  });

  it("revoking a key closes its live connections, refuses its unused tokens, and leaves other keys' sockets open", async () => {
    const t = await newTenant(rt, "rt-revoke");
    const key = await secondKey(t);
    const a = await openSocket(await mint(key.secret));
    const b = await openSocket(await mint(key.secret));
    const unused = await mint(key.secret);
    const other = await openSocket(await mint(t.key));
    const store = createConnectionStore({ doc, tableName: rt.tableName });
    await waitFor("three stored connections", async () => (await store.listByTenant(t.id, new Date())).length === 3);

    const revoked = await apiOf(rt).call("DELETE", `/v1/api-keys/${key.id}`, { key: t.key });
    expect(revoked.status).toBe(204);
    await Promise.all([closed(a.ws), closed(b.ws)]);
    expect(await refusal(unused)).toBe(401);

    const left = await store.listByTenant(t.id, new Date());
    expect(left.map((c) => c.keyId)).toEqual([expect.not.stringMatching(key.id)]);
    expect(other.ws.readyState).toBe(other.ws.OPEN);
    other.close();
  });

  it("refuses a token whose key was revoked before it was ever used", async () => {
    const t = await newTenant(rt, "rt-revoked-first");
    const key = await secondKey(t);
    const url = await mint(key.secret);
    expect((await apiOf(rt).call("DELETE", `/v1/api-keys/${key.id}`, { key: t.key })).status).toBe(204);
    expect(await refusal(url)).toBe(401);
  });
});
