import { useTestStack } from "@wharf/aws/testing";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";

/**
 * A contact's message the worker cannot decrypt is asked for again (Baileys' retry receipts);
 * a resend that decrypts is stored as usual. One that never does is stored anyway, as
 * `unsupported` content of WhatsApp type `ciphertext` (WhatsApp shows "Waiting for this
 * message"), instead of vanishing without a trace.
 */
const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  await h.startWorker();
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

async function linked() {
  const account = sim.createAccount();
  const s = await h.createSession();
  await h.place(s, { method: "qr" });
  await linkSessionByQr(h, sim, s, account.id);
  return { account, s };
}

describe("a contact's message the worker cannot decrypt", () => {
  it("is stored with its text once a resend decrypts", async () => {
    const contact = "4915100000771";
    const { account, s } = await linked();
    sim.garbleContactMessages(account.id, contact, 2);
    const sent = sim.sendText(account.id, contact, "second try works");
    const got = await h.events.waitFor(s.sessionId, "message.received", (e) => e.data.waMessageId === sent.id, {
      timeoutMs: 30_000,
    });
    expect(got.data.content).toMatchObject({ kind: "text", text: "second try works" });
  });

  it("is stored as undecryptable (unsupported, ciphertext) once the retries are spent", async () => {
    const contact = "4915100000772";
    const { account, s } = await linked();
    sim.garbleContactMessages(account.id, contact, 100);
    const lost = sim.sendText(account.id, contact, "never readable");
    const got = await h.events.waitFor(s.sessionId, "message.received", (e) => e.data.waMessageId === lost.id, {
      timeoutMs: 60_000,
    });
    expect(got.data.content).toEqual({ kind: "unsupported", waType: "ciphertext" });
    expect(got.data.senderPhone).toBe(contact);
    const copies = h.events
      .of(s.sessionId)
      .filter((e) => e.type === "message.received" && e.data.waMessageId === lost.id);
    expect(copies).toHaveLength(1);
    await expect.poll(() => sim.inbox(account.id).find((r) => r.id === lost.id)?.failure).toBe("retries_exhausted");
  });
});
