import { beforeAll, describe, expect, it } from "vitest";
import type { CommandLedger, WorkerRegistry } from "../fleet/ports";
import { newId } from "../ids";

/**
 * The behaviour every worker registry and command ledger must show. The in-memory fakes run
 * it in core; the DynamoDB adapters run the same suite in packages/aws against DynamoDB Local.
 * `registryFor(fleet)` returns the registry one fleet sees over a shared store.
 */
export interface FleetContractPorts {
  registryFor(fleet: string): WorkerRegistry;
  ledger: CommandLedger;
}

const ago = (ms: number, now = new Date()) => new Date(now.getTime() - ms);

export function describeFleetContract(name: string, make: () => Promise<FleetContractPorts>): void {
  describe(`fleet ports contract: ${name}`, () => {
    let ports: FleetContractPorts;
    let fleet: string;
    let registry: WorkerRegistry;
    beforeAll(async () => {
      ports = await make();
      fleet = `t-contract-${newId("worker")}-`;
      registry = ports.registryFor(fleet);
    });

    const register = async (at: Date, r = registry) => {
      const id = newId("worker");
      await r.register(
        { id, inboxUrl: `https://queue.invalid/${id}.fifo`, capacity: 7, startedAt: at.toISOString() },
        at,
      );
      return id;
    };

    it("registers a worker running with no load and lists it in its own fleet only", async () => {
      const now = new Date();
      const id = await register(now);
      const other = await register(now, ports.registryFor(`${fleet}other-`));
      expect(await registry.get(id)).toEqual({
        id,
        inboxUrl: `https://queue.invalid/${id}.fifo`,
        capacity: 7,
        load: 0,
        state: "running",
        startedAt: now.toISOString(),
        heartbeatAt: now.toISOString(),
        reaped: false,
      });
      const listed = (await registry.list()).map((w) => w.id);
      expect(listed).toContain(id);
      expect(listed).not.toContain(other);
    });

    it("heartbeats update load and state, and fail once the worker is gone", async () => {
      const id = await register(ago(5_000));
      const now = new Date();
      expect(await registry.heartbeat(id, { load: 3, state: "draining" }, now)).toBe(true);
      expect(await registry.get(id)).toMatchObject({ load: 3, state: "draining", heartbeatAt: now.toISOString() });
      await registry.remove(id);
      expect(await registry.heartbeat(id, { load: 0, state: "running" }, now)).toBe(false);
      expect(await registry.get(id)).toBeNull();
    });

    it("refuses the heartbeat of a worker whose liveness lapsed (30 s by default): its sessions may be gone", async () => {
      const id = await register(ago(60_000));
      expect(await registry.heartbeat(id, { load: 2, state: "running" }, new Date())).toBe(false);
      const fresh = await register(ago(5_000));
      expect(await registry.heartbeat(fresh, { load: 2, state: "running" }, new Date())).toBe(true);
    });

    it("lets exactly one reaper claim a dead worker, which then reads as reaped and cannot heartbeat", async () => {
      const now = new Date();
      const dead = await register(ago(60_000, now));
      const alive = await register(now);
      const claims = await Promise.all([
        registry.claimReap(dead, "a", now, 3_000),
        registry.claimReap(dead, "b", now, 3_000),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await registry.claimReap(alive, "a", now, 3_000)).toBe(false);
      expect(await registry.get(dead)).toMatchObject({ reaped: true, heartbeatAt: new Date(0).toISOString() });
      expect(await registry.heartbeat(dead, { load: 0, state: "running" }, now)).toBe(false);
      // a reaper that stalled for the TTL can be replaced
      expect(await registry.claimReap(dead, "c", new Date(now.getTime() + 4_000), 3_000)).toBe(true);
    });

    it("keeps a reap claim for its own TTL: a slow reaper (moving a long inbox) is not joined by a second", async () => {
      const now = new Date();
      const dead = await register(ago(60_000, now));
      expect(await registry.claimReap(dead, "a", now, 3_000, 60_000)).toBe(true);
      const later = (ms: number) => new Date(now.getTime() + ms);
      expect(await registry.claimReap(dead, "b", later(4_000), 3_000, 60_000)).toBe(false);
      expect(await registry.claimReap(dead, "b", later(61_000), 3_000, 60_000)).toBe(true);
    });

    it("records, lists and drops the sessions a worker owns; remove deletes them with the worker", async () => {
      const now = new Date();
      const id = await register(now);
      const a = { tenantId: newId("tenant"), sessionId: newId("session") };
      const b = { tenantId: newId("tenant"), sessionId: newId("session") };
      await registry.recordOwnership(id, a, now);
      await registry.recordOwnership(id, b, now);
      await registry.recordOwnership(id, b, now);
      const key = (o: { sessionId: string }) => o.sessionId;
      expect((await registry.ownedBy(id)).map(key).sort()).toEqual([a, b].map(key).sort());
      await registry.dropOwnership(id, a);
      expect(await registry.ownedBy(id)).toEqual([b]);
      await registry.remove(id);
      expect(await registry.ownedBy(id)).toEqual([]);
      expect(await registry.get(id)).toBeNull();
    });

    it("begins a command id once per session, however often it is offered", async () => {
      const c = {
        tenantId: newId("tenant"),
        sessionId: newId("session"),
        id: newId("command"),
        type: "message.send_text",
      };
      const now = new Date();
      expect(await ports.ledger.begin(c, now)).toBe(true);
      expect(await ports.ledger.begin(c, now)).toBe(false);
      expect(await ports.ledger.begin({ ...c, id: newId("command") }, now)).toBe(true);
    });
  });
}
