import { batchPut, createMessageStore, createPacingLedger, keys } from "@wharf/aws";
import { countSdkCalls, stackClients, useTestStack } from "@wharf/aws/testing";
import { newId, type MessageRecord } from "@wharf/core";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waMessageIdFor } from "../session/wa-message-id";
import pino from "pino";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";
import { HeldSendSweeper } from "./send-hold";

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
const PACING = { messagesPerMinute: 600, burst: 100, dailyCap: 1000, typingSimulation: false };
const HOLD_MS = 2_000;

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  await h.startWorker({ sendHoldMs: HOLD_MS });
  account = sim.createAccount();
  s = await h.createSession({ pacing: PACING });
  await h.place(s, { method: "qr" });
  await linkSessionByQr(h, sim, s, account.id);
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

/** A send as the API stores it when it accepts one at `at` (its pacing take, then the message). */
async function acceptedSend(at: Date, text: string): Promise<string> {
  expect(await createPacingLedger(h.ctx).take(s.tenantId, s.sessionId, PACING, at)).toEqual({ allowed: true });
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

  it("a sweep queries only sessions with a send accepted since their cursor: idle ones cost no Query", async () => {
    const clients = stackClients(stack);
    const calls = countSdkCalls([clients.dynamo]);
    const ctx = { doc: clients.doc, tableName: h.ctx.tableName };
    const owned = (sessionId: string) => ({ tenantId: s.tenantId, sessionId, epoch: 1 });
    // four sessions without any send, one whose pacing item predates lastTakeAt, and the busy one
    const idle = Array.from({ length: 4 }, () => owned(newId("session")));
    const legacy = owned(newId("session"));
    await batchPut(ctx, [{ ...keys.pacing(s.tenantId, legacy.sessionId), tat: 0 }]);
    await acceptedSend(new Date(Date.now() - 3 * HOLD_MS), "lost in a busy session");
    const sweeper = new HeldSendSweeper({
      ctx,
      table: { all: () => [...idle, legacy, owned(s.sessionId)] as never },
      events: { publish: async () => undefined },
      clock: { now: () => new Date() },
      logger: pino({ level: "silent" }),
      holdMs: HOLD_MS,
    });
    calls.reset();
    await sweeper.sweep();
    expect(calls.take()).toMatchObject({ BatchGetItem: 1, Query: 2 });
    // nothing accepted since: the next sweep reads the takes and queries no session
    await sweeper.sweep();
    const again = calls.take();
    expect(again.BatchGetItem).toBe(1);
    expect(again.Query ?? 0).toBe(1); // the legacy item (no lastTakeAt) is always looked at
  });
});
