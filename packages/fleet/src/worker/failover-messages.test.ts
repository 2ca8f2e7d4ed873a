import { newId } from "@wharf/core";
import { useTestStack } from "@wharf/aws/testing";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFleetWorkers, type FleetProcesses } from "../local/start-fleet-workers";
import { waMessageIdFor } from "../session/wa-message-id";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";

/** Nothing lost when the owning worker process is SIGKILLed: inbound backlog and queued sends. */
const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;
let fleet: FleetProcesses | undefined;

const CONTACT = "4915100000888";

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
});
afterAll(async () => {
  for (const w of fleet?.workers ?? []) w.kill("SIGKILL");
  await h?.close();
  await sim?.close();
});

describe("a worker crash loses no message", () => {
  it("stores what a contact sent while the owner was dead, and sends what waited in the dead owner's inbox", async () => {
    fleet = await startFleetWorkers({
      count: 2,
      env: h.workerEnv(),
      sim: { websocketUrl: sim.url },
      output: process.env.WHARF_TEST_LOG_LEVEL ? "inherit" : "ignore",
    });
    const account = sim.createAccount();
    const s = await h.createSession({
      pacing: { messagesPerMinute: 600, burst: 100, dailyCap: 1000, typingSimulation: false },
    });
    await h.place(s, { method: "qr" });
    const open = await linkSessionByQr(h, sim, s, account.id);
    const ownerId = (await h.sessions.get(s.tenantId, s.sessionId))!.lease.owner;
    const owner = fleet.workers.find((w) => w.workerId === ownerId)!;
    const mark = h.events.length;

    owner.kill("SIGKILL");
    await owner.exited;
    // a send the API routed to the owner just before it was known dead
    const messageId = newId("message");
    await h.commandTo(owner.inboxUrl, s, "message.send_text", { messageId, to: `+${CONTACT}`, text: "queued" });
    // the contact writes while no device of the session is online
    await expect.poll(() => sim.getAccount(account.id).online, { timeout: 10_000 }).toBe(false);
    const inbound = [1, 2, 3].map((i) => sim.sendText(account.id, CONTACT, `while down ${i}`).id);

    await h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "open" && e.epoch > open.epoch, {
      after: mark,
      timeoutMs: 60_000,
    });
    for (const id of inbound) {
      await h.events.waitFor(s.sessionId, "message.received", (e) => e.data.waMessageId === id, {
        after: mark,
        timeoutMs: 30_000,
      });
    }
    const sent = await h.events.waitFor(
      s.sessionId,
      "message.status",
      (e) => e.data.messageId === messageId && e.data.status !== "failed",
      { after: mark, timeoutMs: 60_000 },
    );
    expect(sent.epoch).toBeGreaterThan(open.epoch);
    await expect
      .poll(() => sim.received(account.id).filter((r) => r.id === waMessageIdFor(messageId)).length, {
        timeout: 10_000,
      })
      .toBe(1);
    await fleet.stop();
  });
});
