import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { ConflictError, WharfError } from "../errors";
import { newId } from "../ids";
import type { SessionRecord } from "../sessions/ports";
import {
  InMemoryAuthStateEraser,
  InMemoryCommandRouter,
  InMemorySessionLinkStore,
  RacingSessionStore,
  sessionRecord,
} from "../testing";
import { connectSession, disconnectSession, logoutSession } from "./control";

async function setup(session: Partial<SessionRecord>) {
  const sessions = new RacingSessionStore();
  const deps = {
    sessions,
    links: new InMemorySessionLinkStore(),
    commands: new InMemoryCommandRouter(),
    authState: new InMemoryAuthStateEraser(),
    clock: fixedClock("2030-01-01T00:00:00Z"),
  };
  const s = sessionRecord(newId("tenant"), { updatedAt: "2030-01-01T00:00:00.000Z", ...session });
  await sessions.create(s);
  return { deps, sessions, s };
}

describe("session control while a worker writes the same session", () => {
  it("disconnects an open session whose health a worker updated between read and save", async () => {
    const { deps, sessions, s } = await setup({ status: "open", desiredState: "connected" });
    sessions.races = 1;
    sessions.writerPatch = { health: { ...s.health, reconnectCount: 3 } };
    const updated = await disconnectSession(deps, s.tenantId, s.id);
    expect(updated.desiredState).toBe("disconnected");
    // no live owner: the API closed it itself, and the worker's write was kept
    const stored = await sessions.get(s.tenantId, s.id);
    expect(stored).toMatchObject({ status: "disconnected", desiredState: "disconnected" });
    expect(stored?.health.reconnectCount).toBe(3);
  });

  it("judges a connect on the newest status: a session that opened meanwhile is already open", async () => {
    const { deps, sessions, s } = await setup({ status: "reconnecting", desiredState: "connected" });
    sessions.races = 1;
    sessions.writerPatch = { status: "open" };
    const err = await connectSession(deps, s.tenantId, s.id, { method: "qr" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WharfError);
    expect((err as WharfError).code).toBe("invalid_state");
    expect((err as WharfError).details?.[0]?.code).toBe("session_already_open");
    expect((await sessions.get(s.tenantId, s.id))?.status).toBe("open");
    expect(deps.commands.placements).toHaveLength(0);
  });

  it("logs out a session whose status moved between read and save, and forgets its creds", async () => {
    const { deps, sessions, s } = await setup({ status: "disconnected", phone: "15550100000" });
    sessions.races = 2;
    sessions.writerPatch = { health: { ...s.health, reconnectsLast5m: 1 } };
    const updated = await logoutSession(deps, s.tenantId, s.id);
    expect(updated).toMatchObject({ status: "logged_out", phone: null, desiredState: "disconnected" });
    expect(deps.authState.cleared).toEqual([{ tenantId: s.tenantId, sessionId: s.id }]);
  });

  it("answers a conflict when the session changes under every one of its attempts", async () => {
    const { deps, sessions, s } = await setup({ status: "open", desiredState: "connected" });
    sessions.races = 100;
    sessions.writerPatch = { status: "open" };
    await expect(disconnectSession(deps, s.tenantId, s.id)).rejects.toBeInstanceOf(ConflictError);
    expect((await sessions.get(s.tenantId, s.id))?.desiredState).toBe("connected");
  });
});
