import { useTestStack } from "@wharf/aws/testing";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFleetWorkers, type FleetProcesses } from "../local/start-fleet-workers";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";

/**
 * A survivor reaps a dead peer when the peer's liveness lapses, not at its own next reap
 * interval: here the survivor's interval is ten minutes, so only the lapse can trigger the
 * failover. Workers are child processes, and the owner dies by SIGKILL (nothing cleaned up).
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

describe("reaping a dead peer", () => {
  it("places a killed worker's sessions once its heartbeat lapses, however long the survivor's reap interval", async () => {
    fleet = await startFleetWorkers({
      count: 1,
      env: h.workerEnv(),
      sim: { websocketUrl: sim.url },
      output: process.env.WHARF_TEST_LOG_LEVEL ? "inherit" : "ignore",
    });
    const owner = fleet.workers[0]!;
    const s = await h.createSession();
    await h.place(s, { method: "qr" });
    const open = await linkSessionByQr(h, sim, s, sim.createAccount().id);
    expect((await h.sessions.get(s.tenantId, s.sessionId))?.lease.owner).toBe(owner.workerId);
    const survivor = await fleet.add({ WHARF_REAP_INTERVAL_MS: "600000" });

    const mark = h.events.length;
    owner.kill("SIGKILL");
    await owner.exited;
    const resumed = await h.events.waitFor(
      s.sessionId,
      "session.status",
      (e) => e.data.status === "open" && e.epoch > open.epoch,
      { after: mark, timeoutMs: 45_000 },
    );
    expect(resumed.epoch).toBe(open.epoch + 1);
    expect((await h.sessions.get(s.tenantId, s.sessionId))?.lease.owner).toBe(survivor.workerId);
    // the survivor reaped it: the dead worker left the registry
    await expect.poll(() => h.registry.get(owner.workerId), { timeout: 10_000 }).toBeNull();
    await fleet.stop();
  });
});
