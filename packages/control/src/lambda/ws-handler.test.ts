import type { ConnectionRecord, ConnectionStore } from "@wharf/core";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { mintRealtimeToken } from "../realtime/tokens";
import { createWsHandler, type WebSocketEvent } from "./ws-handler";

const KEY = "k".repeat(40);
const TENANT = "ten_01JD0000000000000000000000";

function connectEvent(token: string): WebSocketEvent {
  return {
    requestContext: { connectionId: "conn-1", eventType: "CONNECT" },
    queryStringParameters: { token },
  } as unknown as WebSocketEvent;
}

describe("realtime $connect", () => {
  it("stores the connection with the minting key's limits, so fan-out can honour them", async () => {
    const stored: ConnectionRecord[] = [];
    const connections = {
      put: async (c: ConnectionRecord) => void stored.push(c),
      claimToken: async () => true,
    } as unknown as ConnectionStore;
    const handler = createWsHandler({
      connections,
      apiKeys: { get: async (tenantId: string, id: string) => ({ tenantId, id }) as never },
      tokenKey: KEY,
      clock: { now: () => new Date() },
      logger: pino({ level: "silent" }),
    });
    const limits = { scopes: ["sessions:read"], sessionIds: ["ses_01JD0000000000000000000001"] };
    const { token } = await mintRealtimeToken(KEY, { tenantId: TENANT, keyId: "key_1", ...limits }, new Date(), 60);
    expect((await handler(connectEvent(token))).statusCode).toBe(200);
    expect(stored[0]).toMatchObject({ connectionId: "conn-1", tenantId: TENANT, keyId: "key_1", ...limits });

    const full = await mintRealtimeToken(KEY, { tenantId: TENANT, keyId: "key_2" }, new Date(), 60);
    await handler(connectEvent(full.token));
    expect(stored[1]).toMatchObject({ keyId: "key_2", scopes: null, sessionIds: null });
  });
});
