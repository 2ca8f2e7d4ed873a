import { newId } from "@wharf/core";
import { useTestStack } from "@wharf/aws/testing";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";
import { waMessageIdFor } from "./wa-message-id";

const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;
let account: ReturnType<typeof sim.createAccount>;
let s: { tenantId: string; sessionId: string };

const CONTACT = "4915100000888";
// 20 messages per second each way; WHARF_SIGNAL_INTERLEAVE_SECONDS=30 runs the full half minute
const RATE_PER_SECOND = 20;
const SECONDS = Number(process.env.WHARF_SIGNAL_INTERLEAVE_SECONDS ?? 5);

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  await h.startWorker();
  account = sim.createAccount();
  // pacing far above the test's rate: the worker must not hold sends back
  s = await h.createSession({
    pacing: { messagesPerMinute: 6_000, burst: 100, dailyCap: 100_000, typingSimulation: false },
  });
  await h.place(s, { method: "qr" });
  await linkSessionByQr(h, sim, s, account.id);
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

describe("Signal sessions under interleaved traffic", () => {
  it(
    `a contact decrypts every send while it writes to the session (${RATE_PER_SECOND} msg/s each way, ${SECONDS} s)`,
    async () => {
      // One message each way first, so the interleaving runs on established Signal sessions. Two
      // sessions both sides start at the same moment are the crossing case, which WhatsApp
      // repairs with retry receipts (src/contact-retry.test.ts in wa-sim); under heavy load a
      // few messages of a crossing start still end undecrypted, so this test does not start that way.
      const hello = sim.sendText(account.id, CONTACT, "hello");
      await h.events.waitFor(s.sessionId, "message.received", (e) => e.data.waMessageId === hello.id);
      const first = newId("message");
      await h.command(s, "message.send_text", { messageId: first, to: CONTACT, text: "hello back" });
      await expect
        .poll(() => sim.received(account.id).some((r) => r.id === waMessageIdFor(first)), { timeout: 60_000 })
        .toBe(true);

      const total = RATE_PER_SECOND * SECONDS;
      const inboundIds: string[] = [];
      const outbound: string[] = [];
      const tick = 1_000 / RATE_PER_SECOND;
      const started = Date.now();
      for (let i = 0; i < total; i++) {
        // keep the schedule: wait until this message's slot, not a fixed sleep after the last one
        const due = started + i * tick - Date.now();
        if (due > 0) await new Promise((r) => setTimeout(r, due));
        inboundIds.push(sim.sendText(account.id, CONTACT, `in ${i}`).id);
        const messageId = newId("message");
        outbound.push(messageId);
        void h.command(s, "message.send_text", { messageId, to: CONTACT, text: `out ${i}` });
      }

      const received = () =>
        h.events
          .of(s.sessionId)
          .filter((e) => e.type === "message.received")
          .map((e) => (e.data as { waMessageId: string }).waMessageId)
          .filter((id) => id !== hello.id);
      await expect.poll(() => new Set(received()).size, { timeout: 60_000, interval: 500 }).toBe(total);
      expect(new Set(received())).toEqual(new Set(inboundIds));

      const sentIds = new Set(outbound.map((id) => waMessageIdFor(id)));
      const decrypted = () => sim.received(account.id).filter((r) => sentIds.has(r.id));
      // every send leaves the worker as `sent` or `failed`; wait for all of them, then count
      await expect
        .poll(
          () =>
            h.events
              .of(s.sessionId)
              .filter(
                (e) =>
                  e.type === "message.status" &&
                  ["sent", "failed"].includes((e.data as { status: string }).status) &&
                  outbound.includes((e.data as { messageId: string }).messageId),
              ).length,
          { timeout: 60_000, interval: 500 },
        )
        .toBeGreaterThanOrEqual(total);
      // a send the worker failed is not a decrypt problem: name its reason before counting
      const failed = h.events
        .of(s.sessionId)
        .flatMap((e) =>
          e.type === "message.status" && e.data.status === "failed" && outbound.includes(e.data.messageId ?? "")
            ? [`${e.data.messageId}: ${e.data.failure?.code ?? "no code"} ${e.data.failure?.message ?? ""}`]
            : [],
        );
      expect(failed).toEqual([]);
      await expect.poll(() => decrypted().length, { timeout: 30_000, interval: 500 }).toBe(total);
      // commands are enqueued without waiting for each other, so compare as sets
      expect(new Set(decrypted().map((r) => r.text))).toEqual(new Set(outbound.map((_, i) => `out ${i}`)));
    },
    SECONDS * 1_000 + 180_000,
  );
});
