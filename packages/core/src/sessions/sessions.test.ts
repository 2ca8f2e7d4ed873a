import { DEFAULT_PACING, Session } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { ConflictError, NotFoundError } from "../errors";
import { newId } from "../ids";
import { InMemorySessionStore, RacingSessionStore } from "../testing";
import { FRESH_UPDATE_ATTEMPTS } from "./fresh-update";
import { createSession, deleteSession, getSession, listSessions, updateSession } from "./sessions";

function setup(sessions = new InMemorySessionStore()) {
  return { sessions, clock: fixedClock("2030-01-01T00:00:00Z") };
}

describe("session verbs", () => {
  it("creates an idle session with default pacing and empty health", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    const s = await createSession(deps, tenantId, { name: "support" });
    expect(s).toMatchObject({
      tenantId,
      name: "support",
      status: "created",
      desiredState: "disconnected",
      phone: null,
      pacing: DEFAULT_PACING,
      lastDisconnect: null,
      health: { lastConnectedAt: null, lastMessageAt: null, reconnectCount: 0, reconnectsLast5m: 0 },
      lease: { owner: null, epoch: 0, leaseUntil: null },
      createdAt: "2030-01-01T00:00:00.000Z",
      updatedAt: "2030-01-01T00:00:00.000Z",
    });
    expect(s.id).toMatch(/^ses_/);
    // The REST projection (record minus lease, plus owner) must satisfy the contract schema.
    const { lease, ...rest } = s;
    expect(Session.safeParse({ ...rest, owner: lease.owner }).success).toBe(true);
  });

  it("merges partial pacing over the defaults", async () => {
    const deps = setup();
    const s = await createSession(deps, newId("tenant"), { name: "x", pacing: { burst: 2 } });
    expect(s.pacing).toEqual({ ...DEFAULT_PACING, burst: 2 });
  });

  it("gets only within the owning tenant", async () => {
    const deps = setup();
    const owner = newId("tenant");
    const s = await createSession(deps, owner, { name: "x" });
    expect(await getSession(deps, owner, s.id)).toEqual(s);
    await expect(getSession(deps, newId("tenant"), s.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lists newest first", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    for (const name of ["old", "mid", "new"]) {
      await createSession(deps, tenantId, { name });
      deps.clock.advance(1000);
    }
    const page = await listSessions(deps, tenantId, { limit: 10 });
    expect(page.items.map((s) => s.name)).toEqual(["new", "mid", "old"]);
  });

  it("renames and bumps updatedAt, keeping everything else", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    const s = await createSession(deps, tenantId, { name: "before" });
    deps.clock.advance(5000);
    const u = await updateSession(deps, tenantId, s.id, { name: "after" });
    expect(u).toEqual({ ...s, name: "after", updatedAt: "2030-01-01T00:00:05.000Z" });
  });

  it("merges a pacing update into the current settings", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    const s = await createSession(deps, tenantId, { name: "x", pacing: { burst: 2 } });
    const u = await updateSession(deps, tenantId, s.id, { pacing: { dailyCap: 50 } });
    expect(u.pacing).toEqual({ ...DEFAULT_PACING, burst: 2, dailyCap: 50 });
    expect(u.name).toBe("x");
  });

  it("update of an unknown or foreign session is NotFound", async () => {
    const deps = setup();
    const s = await createSession(deps, newId("tenant"), { name: "x" });
    await expect(updateSession(deps, newId("tenant"), s.id, { name: "y" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateSession(deps, s.tenantId, newId("session"), { name: "y" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("a writer that wins every race between read and update surfaces as ConflictError", async () => {
    // A store whose every read is followed by another writer's update.
    const repo = new RacingSessionStore();
    const deps = setup(repo);
    const tenantId = newId("tenant");
    const s = await createSession(deps, tenantId, { name: "x" });
    repo.races = Number.POSITIVE_INFINITY;
    repo.writerPatch = { name: "other writer" };
    await expect(updateSession(deps, tenantId, s.id, { name: "mine" })).rejects.toBeInstanceOf(ConflictError);
    expect(repo.raced).toBe(FRESH_UPDATE_ATTEMPTS);
    // the other writer's change survives; ours was not applied over it
    repo.races = 0;
    expect((await repo.list(tenantId, { limit: 1 })).items[0]?.name).toBe("other writer");
  });

  it("merges a pacing change over the pacing another writer saved between read and update", async () => {
    const repo = new RacingSessionStore();
    const deps = setup(repo);
    const tenantId = newId("tenant");
    const s = await createSession(deps, tenantId, { name: "x" });
    repo.races = 1;
    repo.writerPatch = { pacing: { ...s.pacing, burst: 9 } };
    const updated = await updateSession(deps, tenantId, s.id, { pacing: { messagesPerMinute: 7 } });
    expect(updated.pacing).toMatchObject({ burst: 9, messagesPerMinute: 7 });
  });

  it("deletes once; afterwards get and delete are NotFound", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    const s = await createSession(deps, tenantId, { name: "x" });
    await deleteSession(deps, tenantId, s.id);
    await expect(getSession(deps, tenantId, s.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteSession(deps, tenantId, s.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("cannot delete another tenant's session", async () => {
    const deps = setup();
    const owner = newId("tenant");
    const s = await createSession(deps, owner, { name: "x" });
    await expect(deleteSession(deps, newId("tenant"), s.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await getSession(deps, owner, s.id)).toEqual(s);
  });
});
