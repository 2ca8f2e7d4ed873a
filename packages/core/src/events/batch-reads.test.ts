import { describe, expect, it } from "vitest";
import { systemClock } from "../clock";
import { newId } from "../ids";
import { overridePort } from "../override-port";
import { InMemoryConnectionStore } from "../testing/in-memory-connections";
import { sessionRecord } from "../testing/fixtures";
import { InMemorySessionStore } from "../testing/in-memory-sessions";
import { InMemoryWebhookStore } from "../testing/in-memory-webhooks";
import type { SessionStore } from "../sessions/ports";
import { withBatchReads } from "./batch-reads";
import type { SessionProjection } from "./ports";

/** A session store counting its reads; `many`: whether it offers getMany; `warm`: warmConnections. */
async function counted(many: boolean, warm = false) {
  const store = new InMemorySessionStore();
  const calls = { get: 0, getMany: [] as number[] };
  const tenantId = newId("tenant");
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const s = sessionRecord(tenantId);
    await store.create(s);
    ids.push(s.id);
  }
  const sessions: SessionStore = {
    create: (s) => store.create(s),
    list: (t, p) => store.list(t, p),
    update: (t, id, p, o) => store.update(t, id, p, o),
    delete: (t, id) => store.delete(t, id),
    get: (t, id) => {
      calls.get++;
      return store.get(t, id);
    },
    ...(many
      ? {
          getMany: (refs: Array<{ tenantId: string; id: string }>) => {
            calls.getMany.push(refs.length);
            return Promise.all(refs.map((r) => store.get(r.tenantId, r.id)));
          },
        }
      : {}),
  };
  const projection: SessionProjection = { applyOwnerPatch: async () => ({ result: "missing" }) };
  const connections = new InMemoryConnectionStore();
  const listed: string[] = [];
  const counting = overridePort(connections, {
    listByTenant: (t, now) => {
      listed.push(t);
      return connections.listByTenant(t, now);
    },
  });
  const reads = withBatchReads(
    { sessions, projection, connections: counting, webhooks: new InMemoryWebhookStore() },
    { warmConnections: warm ? systemClock : null },
  );
  return { reads, calls, tenantId, ids, listed };
}

describe("reads an events batch shares", () => {
  it("reads the sessions asked for in one tick with one getMany, and each only once in the batch", async () => {
    const t = await counted(true);
    const found = await Promise.all([...t.ids, "ses_missing"].map((id) => t.reads.sessions.get(t.tenantId, id)));
    expect(found.map((s) => s?.id ?? null)).toEqual([...t.ids, null]);
    expect(t.calls).toEqual({ get: 0, getMany: [4] });
    await t.reads.sessions.get(t.tenantId, t.ids[1]!);
    expect(t.calls).toEqual({ get: 0, getMany: [4] });
  });

  it("reads a session asked for alone with get, and every session with get where the store has no getMany", async () => {
    const alone = await counted(true);
    await alone.reads.sessions.get(alone.tenantId, alone.ids[0]!);
    expect(alone.calls).toEqual({ get: 1, getMany: [] });
    const plain = await counted(false);
    await Promise.all(plain.ids.map((id) => plain.reads.sessions.get(plain.tenantId, id)));
    expect(plain.calls).toEqual({ get: 3, getMany: [] });
  });

  it("with warmConnections, reads the tenant's connections once, as soon as one of its sessions is asked for", async () => {
    const cold = await counted(true);
    await cold.reads.sessions.get(cold.tenantId, cold.ids[0]!);
    expect(cold.listed).toEqual([]);
    const warm = await counted(true, true);
    await Promise.all(warm.ids.map((id) => warm.reads.sessions.get(warm.tenantId, id)));
    expect(warm.listed).toEqual([warm.tenantId]);
    await warm.reads.connections.listByTenant(warm.tenantId, new Date());
    expect(warm.listed).toEqual([warm.tenantId]);
  });

  it("warm(tenant) reads the tenant's connections for an event that reads no session, once, and only with warmConnections", async () => {
    const cold = await counted(true);
    cold.reads.warm(cold.tenantId);
    expect(cold.listed).toEqual([]);
    const warm = await counted(true, true);
    warm.reads.warm(warm.tenantId);
    warm.reads.warm(warm.tenantId);
    await warm.reads.sessions.get(warm.tenantId, warm.ids[0]!);
    await warm.reads.connections.listByTenant(warm.tenantId, new Date());
    expect(warm.listed).toEqual([warm.tenantId]);
  });
});
