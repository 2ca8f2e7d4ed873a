import type { RealtimeFrame, SessionStatusEvent, WebhookPayload } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { systemClock } from "../clock";
import { newId } from "../ids";
import { InMemorySessionStore, InMemoryTenantEventStore, sessionRecord } from "../testing";
import { applyEvent, type ApplyDeps } from "./apply";
import type { OwnerProjectionPatch, ProjectionResult } from "./ports";

/** The consumer over in-memory ports: the projection applies a patch from the lease's epoch on. */
function setup() {
  const sessions = new InMemorySessionStore();
  const frames: RealtimeFrame[] = [];
  const payloads: WebhookPayload[] = [];
  const applied = new Set<string>();
  const deps = {
    sessions,
    projection: {
      async applyOwnerPatch(
        t: string,
        s: string,
        epoch: number,
        patch: OwnerProjectionPatch,
      ): Promise<ProjectionResult> {
        const current = await sessions.get(t, s);
        if (!current) return { result: "missing" };
        if (epoch < current.lease.epoch) return { result: "stale", leaseEpoch: current.lease.epoch };
        const session = await sessions.update(t, s, patch);
        return session ? { result: "applied", session } : { result: "missing" };
      },
    },
    links: { get: async () => null, set: async () => {}, clear: async () => {} },
    events: {
      isApplied: async (_t: string, _s: string, id: string) => applied.has(id),
      markApplied: async (_t: string, _s: string, id: string) => void applied.add(id),
      markAppliedMany: async (ms: { eventId: string }[]) => {
        for (const m of ms) applied.add(m.eventId);
      },
    },
    stats: { recordReconnect: async () => {} },
    eventLog: new InMemoryTenantEventStore(),
    publish: async (f: RealtimeFrame) => void frames.push(f),
    dispatch: async (p: WebhookPayload) => void payloads.push(p),
    clock: systemClock,
  } as unknown as ApplyDeps;
  return { deps, sessions, frames, payloads };
}

function statusEvent(
  tenantId: string,
  sessionId: string,
  data: SessionStatusEvent["data"],
  epoch = 1,
): SessionStatusEvent {
  return {
    id: newId("event"),
    type: "session.status",
    v: 1,
    tenantId,
    sessionId,
    epoch,
    at: new Date().toISOString(),
    data,
  } as SessionStatusEvent;
}

describe("applying session.status", () => {
  it("stores the account name with the phone and sends it on the status frame", async () => {
    const t = setup();
    const s = sessionRecord(newId("tenant"), { lease: { owner: "wrk_1", epoch: 1, leaseUntil: null } });
    await t.sessions.create(s);

    const outcome = await applyEvent(
      t.deps,
      statusEvent(s.tenantId, s.id, { status: "open", phone: "4915100000001", accountName: "Acme Support" }),
    );

    expect(outcome).toBe("applied");
    expect(await t.sessions.get(s.tenantId, s.id)).toMatchObject({
      status: "open",
      phone: "4915100000001",
      accountName: "Acme Support",
    });
    expect(t.frames[0]).toMatchObject({
      type: "connection:status",
      data: { phone: "4915100000001", accountName: "Acme Support" },
    });
  });

  it("keeps the stored name when an older producer's event has no accountName, and clears it on null", async () => {
    const t = setup();
    const s = sessionRecord(newId("tenant"), {
      status: "open",
      phone: "4915100000001",
      accountName: "Acme Support",
      lease: { owner: "wrk_1", epoch: 1, leaseUntil: null },
    });
    await t.sessions.create(s);

    await applyEvent(t.deps, statusEvent(s.tenantId, s.id, { status: "reconnecting" }));
    expect((await t.sessions.get(s.tenantId, s.id))?.accountName).toBe("Acme Support");

    await applyEvent(t.deps, statusEvent(s.tenantId, s.id, { status: "logged_out", phone: null, accountName: null }));
    expect(await t.sessions.get(s.tenantId, s.id)).toMatchObject({ phone: null, accountName: null });
  });

  it("ignores the account name of an event from an older lease", async () => {
    const t = setup();
    const s = sessionRecord(newId("tenant"), { lease: { owner: "wrk_1", epoch: 2, leaseUntil: null } });
    await t.sessions.create(s);

    const outcome = await applyEvent(
      t.deps,
      statusEvent(s.tenantId, s.id, { status: "open", phone: "4915100000001", accountName: "Old Owner" }, 1),
    );

    expect(outcome).toBe("stale");
    expect((await t.sessions.get(s.tenantId, s.id))?.accountName).toBeNull();
  });
});
