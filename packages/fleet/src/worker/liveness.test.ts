import { createOrphanedSessionSource } from "@wharf/aws";
import { countSdkCalls, stackClients, useTestStack } from "@wharf/aws/testing";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";
import { createWorker, type FleetWorker } from "./worker";

/**
 * One heartbeat per worker is the liveness of all its sessions: with N open sessions the
 * worker writes O(1) items per interval, and a live worker keeps its sessions (same owner,
 * same epoch) long past any per-session lease TTL while a peer is hungry for work.
 */
const stack = useTestStack();
const SESSIONS = 4;
// shorter than the suite's default so three lease TTLs pass in well under a minute
const TIMINGS = { leaseTtlMs: 6_000, leaseRenewMs: 1_500 };
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;
let worker: FleetWorker;
let peer: FleetWorker;
const clients = stackClients(stack);
const calls = countSdkCalls([clients.dynamo]);

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  // the worker under test talks to DynamoDB through its own, counted client
  worker = createWorker({
    settings: h.settings(TIMINGS),
    ctx: { doc: clients.doc, tableName: stack.tableName },
    sqs: h.clients.sqs,
    queues: h.queues,
    keyring: h.keyring,
    logger: h.logger,
  });
  await worker.start();
});
afterAll(async () => {
  await worker?.crash();
  await peer?.crash();
  await h?.close();
  await sim?.close();
});

describe("worker liveness", () => {
  it("writes one heartbeat per interval for all its sessions, and keeps them while it heart-beats", async () => {
    const sessions: { tenantId: string; sessionId: string }[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const s = await h.createSession();
      await h.place(s, { method: "qr" });
      await linkSessionByQr(h, sim, s, sim.createAccount().id);
      sessions.push(s);
    }
    const leases = await Promise.all(sessions.map(async (s) => (await h.sessions.get(s.tenantId, s.sessionId))!.lease));
    expect(leases.every((l) => l.owner === worker.id)).toBe(true);
    // a peer with free capacity that would take any session whose owner looked dead
    peer = await h.startWorker();

    const heartbeatsToWait = Math.ceil((3 * TIMINGS.leaseTtlMs) / TIMINGS.leaseRenewMs);
    calls.reset();
    const t0 = Date.now();
    await expect
      .poll(() => calls.counts().UpdateItem ?? 0, { timeout: 60_000, interval: 200 })
      .toBeGreaterThanOrEqual(heartbeatsToWait);
    const seconds = (Date.now() - t0) / 1000;
    const counts = calls.take();
    const writes = ["UpdateItem", "PutItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"].reduce(
      (sum, name) => sum + (counts[name] ?? 0),
      0,
    );
    // per interval the worker writes its heartbeat, whatever the number of sessions
    expect(writes).toBeLessThanOrEqual(Math.ceil((seconds * 1000) / TIMINGS.leaseRenewMs) + 1);
    expect(writes / seconds).toBeLessThanOrEqual(1.5);

    // three lease TTLs later every session is still the worker's at the epoch it claimed
    const after = await Promise.all(sessions.map(async (s) => (await h.sessions.get(s.tenantId, s.sessionId))!.lease));
    expect(after).toEqual(leases);
    expect(peer.sessionIds()).toEqual([]);
    expect(worker.sessionIds().sort()).toEqual(sessions.map((s) => s.sessionId).sort());
    const orphans: unknown[] = [];
    for await (const page of createOrphanedSessionSource(h.ctx).pages(new Date()))
      orphans.push(...page.sessions.filter((o) => sessions.some((s) => s.sessionId === o.sessionId)));
    expect(orphans).toEqual([]);
  });
});
