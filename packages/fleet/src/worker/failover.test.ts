import { queueUrl } from "@wharf/aws";
import { useTestStack } from "@wharf/aws/testing";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFleetWorkers, type FleetProcesses } from "../local/start-fleet-workers";
import { FleetHarness, TEST_TIMINGS } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";

/**
 * Workers as real child processes (node --import tsx, the simulator preload for trust),
 * killed and terminated with real signals.
 */
const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;
let fleet: FleetProcesses | undefined;

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
});
afterAll(async () => {
  for (const w of fleet?.workers ?? []) w.kill("SIGKILL");
  await h?.close();
  await sim?.close();
});

async function twoWorkersWithALinkedSession() {
  fleet = await startFleetWorkers({
    count: 2,
    env: h.workerEnv(),
    sim: { websocketUrl: sim.url },
    output: process.env.WHARF_TEST_LOG_LEVEL ? "inherit" : "ignore",
  });
  const account = sim.createAccount();
  const s = await h.createSession();
  await h.place(s, { method: "qr" });
  const open = await linkSessionByQr(h, sim, s, account.id);
  const ownerId = (await h.sessions.get(s.tenantId, s.sessionId))!.lease.owner;
  const owner = fleet.workers.find((w) => w.workerId === ownerId)!;
  const other = fleet.workers.find((w) => w.workerId !== ownerId)!;
  expect(owner).toBeDefined();
  return { account, s, open, owner, other, fleet };
}

describe("failover between worker processes", () => {
  it("SIGKILL the owner: the other worker claims the session after the lease expires and resumes it", async () => {
    const { account, s, open, owner, other } = await twoWorkersWithALinkedSession();
    const mark = h.events.length;
    const killedAt = Date.now();
    owner.kill("SIGKILL");
    await owner.exited;

    const resumed = await h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "open", {
      after: mark,
      timeoutMs: 30_000,
    });
    const failoverMs = Date.now() - killedAt;
    expect(resumed.epoch).toBeGreaterThan(open.epoch);
    expect(failoverMs).toBeLessThan(TEST_TIMINGS.leaseTtlMs + 10_000);
    const stored = await h.sessions.get(s.tenantId, s.sessionId);
    expect(stored?.lease.owner).toBe(other.workerId);
    // no new QR: the stored creds were enough
    expect(h.events.of(s.sessionId).filter((e) => e.type === "session.qr")).toHaveLength(1);
    expect(sim.getAccount(account.id).online).toBe(true);
    // the dead worker was reaped: its inbox is gone and it left the registry
    await expect.poll(() => h.registry.get(owner.workerId), { timeout: 10_000 }).toBeNull();
    await expect(queueUrl(stack.sqs, new URL(owner.inboxUrl).pathname.split("/").pop()!)).rejects.toThrow();
    await fleet!.stop();
  });

  it("SIGTERM the owner: it drains, hands over within seconds and exits cleanly", async () => {
    const { s, open, owner, other } = await twoWorkersWithALinkedSession();
    const mark = h.events.length;
    const termAt = Date.now();
    owner.kill("SIGTERM");
    const resumed = await h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "open", {
      after: mark,
      timeoutMs: 20_000,
    });
    const handoverMs = Date.now() - termAt;
    expect(await owner.exited).toBe(0);
    // well under a lease TTL: the lease was released, not left to expire
    expect(handoverMs).toBeLessThan(TEST_TIMINGS.leaseTtlMs + 2_000);
    expect(resumed.epoch).toBeGreaterThan(open.epoch);
    expect((await h.sessions.get(s.tenantId, s.sessionId))?.lease.owner).toBe(other.workerId);
    expect(h.events.statuses(s.sessionId).slice(-2)).toEqual(["reconnecting", "open"]);
    expect(await h.registry.get(owner.workerId)).toBeNull();
    await fleet!.stop();
  });
});
