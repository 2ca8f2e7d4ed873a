import { describe, expect, it } from "vitest";
import { connectionMayReceive, fanOut } from "./fanout";
import type { ConnectionRecord, ConnectionStore } from "./ports";

const TENANT = "ten_01JD0000000000000000000000";
const A = "ses_01JD000000000000000000000A";
const B = "ses_01JD000000000000000000000B";

const conn = (id: string, limits: Partial<ConnectionRecord> = {}): ConnectionRecord => ({
  connectionId: id,
  tenantId: TENANT,
  keyId: null,
  connectedAt: "2030-01-01T00:00:00.000Z",
  expiresAt: "2030-01-01T02:00:00.000Z",
  ...limits,
});

describe("realtime frames and key limits", () => {
  it("gives a full-access connection (no limits stored) every frame", () => {
    expect(connectionMayReceive(conn("c"), { type: "message:new", sessionId: B })).toBe(true);
  });

  it("gives a session-limited connection only its sessions' frames", () => {
    const c = conn("c", { sessionIds: [A] });
    expect(connectionMayReceive(c, { type: "connection:status", sessionId: A })).toBe(true);
    expect(connectionMayReceive(c, { type: "connection:status", sessionId: B })).toBe(false);
  });

  it("sends message frames only with messages:read and QR frames only with sessions:write", () => {
    const reader = conn("c", { scopes: ["sessions:read"] });
    expect(connectionMayReceive(reader, { type: "connection:status", sessionId: A })).toBe(true);
    expect(connectionMayReceive(reader, { type: "message:new", sessionId: A })).toBe(false);
    expect(connectionMayReceive(reader, { type: "connection:qr", sessionId: A })).toBe(false);
    const linker = conn("c", { scopes: ["sessions:read", "sessions:write", "messages:read"] });
    expect(connectionMayReceive(linker, { type: "connection:qr", sessionId: A })).toBe(true);
    expect(connectionMayReceive(linker, { type: "message:status", sessionId: A })).toBe(true);
  });

  it("fans a frame out to the connections that may receive it only", async () => {
    const all = [conn("full"), conn("limited-a", { sessionIds: [A] }), conn("limited-b", { sessionIds: [B] })];
    const connections: ConnectionStore = {
      put: async () => undefined,
      delete: async () => undefined,
      get: async () => null,
      listByTenant: async () => all,
      claimToken: async () => true,
    };
    const posted: string[] = [];
    const poster = {
      post: async (id: string) => {
        posted.push(id);
        return true;
      },
    };
    const frame = {
      v: 1,
      type: "connection:status",
      id: "evt_1",
      tenantId: TENANT,
      sessionId: A,
      at: "2030-01-01T00:00:00.000Z",
      data: {},
    };
    const report = await fanOut({ connections, poster, clock: { now: () => new Date() } }, frame as never);
    expect(posted.sort()).toEqual(["full", "limited-a"]);
    expect(report).toEqual({ sent: 2, gone: 0, failed: 0 });
  });
});
