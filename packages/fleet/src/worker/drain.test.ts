import { newId } from "@wharf/core";
import { stackClients, useTestStack } from "@wharf/aws/testing";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waMessageIdFor } from "../session/wa-message-id";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";
import { createWorker, type FleetWorker } from "./worker";

/**
 * A drain does not sit out its long polls: the worker under test polls its inbox with the
 * production wait (20 s), yet hands every session to a peer and finishes before that wait
 * could have run out once, and a command queued just before the drain is still sent once.
 */
const stack = useTestStack();
const SESSIONS = 3;
const INBOX_WAIT_SECONDS = 20;
const CONTACT = "4915100000777";
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;
let worker: FleetWorker;
// the worker's own SQS client, watched: inbox long polls that ran their whole wait out empty
const sqs = stackClients(stack).sqs;
let watching = false;
let inboxPollsRunOut = 0;
type Receive = { input: { QueueUrl?: string; WaitTimeSeconds?: number } };
type Received = { output: { Messages?: unknown[] } };
(sqs.middlewareStack as { add(m: unknown, o: { step: "initialize"; name: string }): void }).add(
  (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
    const out = (await next(args)) as Received;
    const { input } = args as Receive;
    if (watching && context.commandName === "ReceiveMessageCommand" && input.QueueUrl === worker.inboxUrl)
      if ((input.WaitTimeSeconds ?? 0) > 0 && !out.output.Messages?.length) inboxPollsRunOut++;
    return out;
  },
  { step: "initialize", name: "drainTestInboxPolls" },
);

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  worker = createWorker({
    settings: h.settings({ inboxWaitSeconds: INBOX_WAIT_SECONDS, placementWaitSeconds: 4 }),
    ctx: h.ctx,
    sqs,
    queues: h.queues,
    keyring: h.keyring,
    logger: h.logger,
  });
  await worker.start();
});
afterAll(async () => {
  await worker?.crash();
  await h?.close();
  await sim?.close();
});

describe("worker drain", () => {
  it("hands every session to a peer and ends without waiting out its inbox long poll, losing no queued command", async () => {
    const linked: Array<{ s: { tenantId: string; sessionId: string }; accountId: string; epoch: number }> = [];
    for (let i = 0; i < SESSIONS; i++) {
      const accountId = sim.createAccount().id;
      const s = await h.createSession({
        pacing: { messagesPerMinute: 600, burst: 100, dailyCap: 1000, typingSimulation: false },
      });
      await h.place(s, { method: "qr" });
      const open = await linkSessionByQr(h, sim, s, accountId);
      linked.push({ s, accountId, epoch: open.epoch });
    }
    expect(worker.sessionIds().sort()).toEqual(linked.map((l) => l.s.sessionId).sort());
    const peer = await h.startWorker();
    const mark = h.events.length;

    // a send the API routed to the owner just before SIGTERM
    const messageId = newId("message");
    await h.command(linked[0]!.s, "message.send_text", { messageId, to: `+${CONTACT}`, text: "before drain" });
    watching = true;
    await worker.drain();
    // the poll in flight when the drain began ended early (woken), not by running its 20 s out
    expect(inboxPollsRunOut).toBe(0);
    expect(worker.sessionIds()).toEqual([]);
    expect(await h.registry.get(worker.id)).toBeNull();

    for (const l of linked) {
      await h.events.waitFor(l.s.sessionId, "session.status", (e) => e.data.status === "open" && e.epoch > l.epoch, {
        after: mark,
        timeoutMs: 30_000,
      });
      expect((await h.sessions.get(l.s.tenantId, l.s.sessionId))?.lease.owner).toBe(peer.id);
    }
    expect(peer.sessionIds().sort()).toEqual(linked.map((l) => l.s.sessionId).sort());
    await expect
      .poll(() => sim.received(linked[0]!.accountId).filter((r) => r.id === waMessageIdFor(messageId)).length, {
        timeout: 30_000,
      })
      .toBe(1);
  });
});
