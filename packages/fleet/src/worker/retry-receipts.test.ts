import { useTestStack } from "@wharf/aws/testing";
import { newId } from "@wharf/core";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waMessageIdFor } from "../session/wa-message-id";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";

/**
 * A contact whose Signal session is out of step with the account's (its phone was reset, or a
 * worker died after a message left but before its ratchet step was stored, so the next owner
 * encrypts with an older state) cannot decrypt what the session sends. Its phone answers with a
 * retry receipt and a fresh key bundle; the worker starts a new session from it and sends the
 * message again: delivered, once, instead of staying `sent` for ever.
 */
const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;

const CONTACT = "4915100000999";

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  await h.startWorker();
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

describe("a contact that cannot decrypt a message asks for it again", () => {
  it("delivers a send the contact could not decrypt at first", async () => {
    const account = sim.createAccount();
    const s = await h.createSession({
      pacing: { messagesPerMinute: 600, burst: 100, dailyCap: 1000, typingSimulation: false },
    });
    await h.place(s, { method: "qr" });
    await linkSessionByQr(h, sim, s, account.id);
    const send = async (text: string) => {
      const messageId = newId("message");
      await h.command(s, "message.send_text", { messageId, to: `+${CONTACT}`, text });
      await h.events.waitFor(
        s.sessionId,
        "message.status",
        (e) => e.data.messageId === messageId && e.data.status === "delivered",
        { timeoutMs: 30_000 },
      );
      return messageId;
    };
    await send("one");

    // the contact's phone loses its session with the account: the account's next message
    // (on the old session) cannot be decrypted there
    await sim.resetContactSession(account.id, CONTACT);
    const messageId = await send("two");
    const got = sim.received(account.id).filter((r) => r.id === waMessageIdFor(messageId));
    expect(got.map((r) => r.text)).toEqual(["two"]);
  });

  it("fails a send its recipient can never decrypt, instead of leaving it sent", async () => {
    const account = sim.createAccount();
    const s = await h.createSession({
      pacing: { messagesPerMinute: 600, burst: 100, dailyCap: 1000, typingSimulation: false },
    });
    await h.place(s, { method: "qr" });
    await linkSessionByQr(h, sim, s, account.id);
    // the first copy and every resend fail at the contact's phone
    sim.failContactDecrypts(account.id, CONTACT, 100);
    const messageId = newId("message");
    await h.command(s, "message.send_text", { messageId, to: `+${CONTACT}`, text: "never readable" });
    const failed = await h.events.waitFor(
      s.sessionId,
      "message.status",
      (e) => e.data.messageId === messageId && e.data.status === "failed",
      { timeoutMs: 30_000 },
    );
    expect(failed.data.failure?.code).toBe("recipient_decrypt_failed");
    expect(sim.received(account.id).some((r) => r.id === waMessageIdFor(messageId))).toBe(false);
  });
});
