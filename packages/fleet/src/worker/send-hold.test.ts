import { createMessageStore } from "@wharf/aws";
import { useTestStack } from "@wharf/aws/testing";
import { newId, type MessageRecord } from "@wharf/core";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waMessageIdFor } from "../session/wa-message-id";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";

/**
 * The send hold (WHARF_SEND_HOLD_MS): a send the API accepted is on its way within the hold,
 * or ends failed `send_timeout` and is never sent late; none stays `queued`, even when its
 * command never reaches a worker (lost with a dead worker's inbox).
 */
const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;
let account: ReturnType<typeof sim.createAccount>;
let s: { tenantId: string; sessionId: string };

const CONTACT = "4915100000444";
const HOLD_MS = 2_000;

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  await h.startWorker({ sendHoldMs: HOLD_MS });
  account = sim.createAccount();
  s = await h.createSession({
    pacing: { messagesPerMinute: 600, burst: 100, dailyCap: 1000, typingSimulation: false },
  });
  await h.place(s, { method: "qr" });
  await linkSessionByQr(h, sim, s, account.id);
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

/** A send as the API stores it when it accepts one at `at`. */
async function acceptedSend(at: Date, text: string): Promise<string> {
  const id = newId("message", at.getTime());
  const iso = at.toISOString();
  const message: MessageRecord = {
    id,
    tenantId: s.tenantId,
    sessionId: s.sessionId,
    chatJid: `${CONTACT}@s.whatsapp.net`,
    direction: "out",
    content: { kind: "text", text },
    status: "queued",
    failure: null,
    waMessageId: null,
    from: null,
    pushName: null,
    timestamp: iso,
    createdAt: iso,
    updatedAt: iso,
    eventId: null,
  };
  await createMessageStore(h.ctx).recordOutbound(message, {
    jid: message.chatJid,
    at: iso,
    text,
    direction: "out",
    name: null,
    phone: null,
  });
  return id;
}

const timedOut = (messageId: string, timeoutMs = 10_000) =>
  h.events.waitFor(
    s.sessionId,
    "message.status",
    (e) => e.data.messageId === messageId && e.data.status !== "sent" && e.data.status !== "delivered",
    { timeoutMs },
  );

describe("the send hold", () => {
  it("fails a send whose command arrives after its hold, and does not send it late", async () => {
    const at = new Date(Date.now() - 3 * HOLD_MS);
    const messageId = await acceptedSend(at, "too late");
    const owner = await h.ownerOf(s);
    await h.commandTo(
      owner!.inboxUrl!,
      s,
      "message.send_text",
      { messageId, to: `+${CONTACT}`, text: "too late" },
      undefined,
      at,
    );
    const e = await timedOut(messageId);
    expect(e.data).toMatchObject({ status: "failed", failure: { code: "send_timeout" } });
    // a send on time still goes out, after the late one: nothing of the late one reached the contact
    const onTime = await acceptedSend(new Date(), "on time");
    await h.command(s, "message.send_text", { messageId: onTime, to: `+${CONTACT}`, text: "on time" });
    await expect
      .poll(() => sim.received(account.id).some((r) => r.id === waMessageIdFor(onTime)), { timeout: 20_000 })
      .toBe(true);
    expect(sim.received(account.id).some((r) => r.id === waMessageIdFor(messageId))).toBe(false);
  });

  it("fails a send whose command never reached a worker once its hold is over", async () => {
    const messageId = await acceptedSend(new Date(), "lost command");
    const e = await timedOut(messageId, 20_000);
    expect(e.data).toMatchObject({ status: "failed", failure: { code: "send_timeout" } });
  });
});
