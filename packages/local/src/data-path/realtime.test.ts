import {
  ApiGatewayManagementApiClient,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import { LOCAL_CREDENTIALS, createConnectionStore } from "@wharf/aws";
import { mintRealtimeToken } from "@wharf/control";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../runtime";
import {
  apiOf,
  clients,
  inbound,
  newSession,
  newTenant,
  openSocket,
  ownSession,
  realtimeClient,
  sendEvent,
  sleep,
  startTestRuntime,
  waitFor,
} from "./test-kit";

/** Realtime over the project's API Gateway WebSocket gateway, with the real `ws` client and SDK client. */
describe("realtime WebSocket (local gateway)", () => {
  let rt: LocalRuntime;
  let management: ApiGatewayManagementApiClient;
  const { doc } = clients();
  beforeAll(async () => {
    rt = await startTestRuntime();
    management = new ApiGatewayManagementApiClient({
      endpoint: rt.realtimeManagementUrl,
      region: rt.region,
      credentials: LOCAL_CREDENTIALS,
    });
  });
  afterAll(async () => {
    management?.destroy();
    await rt?.stop();
  });
  const tokenKey = () => readFileSync(join(rt.dataDir, "token-key"), "utf8").trim();

  it("a client receives frames of its own tenant only", async () => {
    const a = await newTenant(rt, "rt-a");
    const b = await newTenant(rt, "rt-b");
    const sa = await newSession(rt, a);
    const sb = await newSession(rt, b);
    const { epoch: ea } = await ownSession(rt, doc, a, sa);
    const { epoch: eb } = await ownSession(rt, doc, b, sb);
    const clientA = await realtimeClient(rt, a);
    const clientB = await realtimeClient(rt, b);
    const forA = inbound({ tenantId: a.id, sessionId: sa, epoch: ea }, "for a");
    const forB = inbound({ tenantId: b.id, sessionId: sb, epoch: eb }, "for b");
    await sendEvent(rt, forA);
    await sendEvent(rt, forB);
    await waitFor("both frames", async () => clientA.frames.length > 0 && clientB.frames.length > 0);
    await sleep(200);
    expect(clientA.frames.map((f) => f.id)).toEqual([forA.id]);
    expect(clientB.frames.map((f) => f.id)).toEqual([forB.id]);
    expect(clientA.frames[0]).toMatchObject({ v: 1, type: "message:new", tenantId: a.id, sessionId: sa });
    clientA.close();
    clientB.close();
  });

  it("refuses missing, forged and expired tokens with 401 at the handshake", async () => {
    const t = await newTenant(rt);
    const refused = (url: string) =>
      openSocket(url).then(
        () => 0,
        (e: { status?: number }) => e.status,
      );
    expect(await refused(rt.realtimeUrl)).toBe(401);
    expect(await refused(`${rt.realtimeUrl}?token=not.a.jwt`)).toBe(401);
    const forged = await mintRealtimeToken("x".repeat(40), { tenantId: t.id, keyId: null }, new Date(), 300);
    expect(await refused(`${rt.realtimeUrl}?token=${forged.token}`)).toBe(401);
    const expired = await mintRealtimeToken(
      tokenKey(),
      { tenantId: t.id, keyId: null },
      new Date(Date.now() - 10 * 60_000),
      60,
    );
    expect(await refused(`${rt.realtimeUrl}?token=${expired.token}`)).toBe(401);
    const valid = await mintRealtimeToken(tokenKey(), { tenantId: t.id, keyId: null }, new Date(), 60);
    const ok = await openSocket(`${rt.realtimeUrl}?token=${valid.token}`);
    ok.close();
  });

  it("serves the management API to the real SDK client; unknown ids are GoneException", async () => {
    const t = await newTenant(rt);
    const client = await realtimeClient(rt, t);
    const stored = await waitFor("stored connection", async () => {
      const { Items } = await doc.send(
        new (await import("@aws-sdk/lib-dynamodb")).QueryCommand({
          TableName: rt.tableName,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :p",
          ExpressionAttributeValues: { ":p": `TENANT#${t.id}#WSCONNS` },
        }),
      );
      return Items?.[0];
    });
    const id = String(stored.connectionId);
    const info = await management.send(new GetConnectionCommand({ ConnectionId: id }));
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    await management.send(
      new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from(JSON.stringify({ hello: 1 })) }),
    );
    await waitFor("posted frame", async () => client.frames.some((f) => f.hello === 1));
    await expect(
      management.send(new PostToConnectionCommand({ ConnectionId: "nope=", Data: Buffer.from("x") })),
    ).rejects.toBeInstanceOf(GoneException);

    client.close();
    const store = createConnectionStore({ doc, tableName: rt.tableName });
    await waitFor("$disconnect removed it", async () => (await store.get(id)) === null);
  });

  it("fan-out deletes connections the gateway says are gone", async () => {
    const t = await newTenant(rt);
    const s = await newSession(rt, t);
    const { epoch } = await ownSession(rt, doc, t, s);
    const store = createConnectionStore({ doc, tableName: rt.tableName });
    const ghost = {
      connectionId: "ghost123=",
      tenantId: t.id,
      keyId: null,
      connectedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    };
    await store.put(ghost);
    const live = await realtimeClient(rt, t);
    const e = inbound({ tenantId: t.id, sessionId: s, epoch }, "to the living");
    await sendEvent(rt, e);
    await waitFor("frame", async () => live.frames.some((f) => f.id === e.id));
    await waitFor("ghost removed", async () => (await store.get(ghost.connectionId)) === null);
    live.close();
  });

  it("mints tokens only for tenant keys, with the gateway URL", async () => {
    const t = await newTenant(rt);
    const res = await apiOf(rt).call("POST", "/v1/realtime/tokens", { key: t.key, json: {} });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ token: expect.any(String), url: rt.realtimeUrl, expiresAt: expect.any(String) });
    expect((await apiOf(rt).call("POST", "/v1/realtime/tokens", { key: rt.adminKey, json: {} })).status).toBe(403);
    expect((await apiOf(rt).call("POST", "/v1/realtime/tokens", {})).status).toBe(401);
  });
});
