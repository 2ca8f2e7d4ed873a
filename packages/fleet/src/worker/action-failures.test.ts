import { useTestStack } from "@wharf/aws/testing";
import type { MessageActionFailedEvent, OutboundContent, WaMessageKey } from "@wharf/contracts";
import { newId } from "@wharf/core";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waMessageIdFor } from "../session/wa-message-id";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";

/**
 * Edits, deletes, reactions, read receipts and presence the owner cannot carry out end in
 * message.action_failed with a code: the simulator refuses what WhatsApp refuses through its
 * ack (real Baileys in between), loses a stanza, or the session is not open.
 */
const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;
let account: ReturnType<typeof sim.createAccount>;
let s: { tenantId: string; sessionId: string };
let inboxUrl: string;

const CONTACT = "4915100000777";
const CHAT = `${CONTACT}@s.whatsapp.net`;
const ACK_TIMEOUT_MS = 1_500;

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  inboxUrl = (await h.startWorker({ actionAckTimeoutMs: ACK_TIMEOUT_MS })).inboxUrl!;
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

async function send(content: OutboundContent) {
  const messageId = newId("message");
  await h.command(s, "message.send", { messageId, to: CHAT, content });
  const e = await h.events.waitFor(
    s.sessionId,
    "message.status",
    (m) => m.data.messageId === messageId && (m.data.status === "sent" || m.data.status === "failed"),
  );
  const waMessageId = waMessageIdFor(messageId);
  const key: WaMessageKey = { chatJid: CHAT, waMessageId, fromMe: true, senderJid: null };
  return { messageId, waMessageId, key, event: e };
}

const failureOf = (action: string, waMessageId: string | null) =>
  h.events.waitFor(
    s.sessionId,
    "message.action_failed",
    (e: MessageActionFailedEvent) => e.data.action === action && e.data.waMessageId === waMessageId,
  );

const phoneGot = (id: string) => sim.received(account.id).find((r) => r.id === id);

describe("what WhatsApp refuses", () => {
  it("takes an edit within 15 minutes and reports it once the server acked it", async () => {
    const mine = await send({ type: "text", text: "draft" });
    await h.command(s, "message.edit", { messageId: mine.messageId, target: mine.key, text: "final" });
    const edited = await h.events.waitFor(
      s.sessionId,
      "message.updated",
      (e) => e.data.change === "edited" && e.data.waMessageId === mine.waMessageId,
    );
    expect(edited.data).toMatchObject({ fromMe: true, text: "final", chatJid: CHAT });
    expect(phoneGot(mine.waMessageId)?.editedText).toBe("final");
  });

  it("refuses an edit after 15 minutes: edit_window_expired, nothing changes", async () => {
    const mine = await send({ type: "text", text: "old" });
    await expect.poll(() => phoneGot(mine.waMessageId)).toBeDefined();
    sim.chat.ageMessage(account.id, mine.waMessageId, 16 * 60);
    const mark = h.events.all.length;
    await h.command(s, "message.edit", { messageId: mine.messageId, target: mine.key, text: "too late" });
    const failed = await failureOf("edit", mine.waMessageId);
    expect(failed.data).toMatchObject({ messageId: mine.messageId, chatJid: CHAT, code: "edit_window_expired" });
    expect(failed.data.reason).toMatch(/15 minutes/);
    expect(phoneGot(mine.waMessageId)?.editedText).toBeUndefined();
    // events keep the session's order: once a later edit is reported, an echo of the refused one would be in
    const later = await send({ type: "text", text: "later" });
    await h.command(s, "message.edit", { messageId: later.messageId, target: later.key, text: "later, edited" });
    await h.events.waitFor(s.sessionId, "message.updated", (e) => e.data.waMessageId === later.waMessageId);
    const echoed = h.events.all
      .slice(mark)
      .some((e) => e.type === "message.updated" && e.data.waMessageId === mine.waMessageId);
    expect(echoed).toBe(false);
  });

  it("refuses a delete for everyone after about 2 days: delete_window_expired", async () => {
    const mine = await send({ type: "text", text: "ancient" });
    await expect.poll(() => phoneGot(mine.waMessageId)).toBeDefined();
    sim.chat.ageMessage(account.id, mine.waMessageId, 3 * 24 * 3600);
    await h.command(s, "message.delete", { messageId: mine.messageId, target: mine.key });
    const failed = await failureOf("delete", mine.waMessageId);
    expect(failed.data.code).toBe("delete_window_expired");
    expect(phoneGot(mine.waMessageId)?.revoked).toBeUndefined();
  });

  it("refuses an edit or delete of a contact's message: not_own_message", async () => {
    const theirs = sim.sendText(account.id, CONTACT, "not yours");
    await h.events.waitFor(s.sessionId, "message.received", (e) => e.data.waMessageId === theirs.id);
    const target: WaMessageKey = { chatJid: CHAT, waMessageId: theirs.id, fromMe: true, senderJid: null };
    await h.command(s, "message.edit", { messageId: newId("message"), target, text: "mine now" });
    expect((await failureOf("edit", theirs.id)).data.code).toBe("not_own_message");
    await h.command(s, "message.delete", { messageId: newId("message"), target });
    expect((await failureOf("delete", theirs.id)).data.code).toBe("not_own_message");
  });

  it("refuses an edit of a message that is no text: not_editable", async () => {
    const loc = await send({ type: "location", latitude: 1, longitude: 2 });
    await expect.poll(() => phoneGot(loc.waMessageId)).toBeDefined();
    await h.command(s, "message.edit", { messageId: loc.messageId, target: loc.key, text: "a caption" });
    expect((await failureOf("edit", loc.waMessageId)).data.code).toBe("not_editable");
  });

  it("refuses an edit and a reaction of a message WhatsApp does not know: target_not_found", async () => {
    const unknown = "3EB0AAAAAAAAAAAAAAAAAAAA";
    const target: WaMessageKey = { chatJid: CHAT, waMessageId: unknown, fromMe: true, senderJid: null };
    await h.command(s, "message.edit", { messageId: newId("message"), target, text: "x" });
    expect((await failureOf("edit", unknown)).data.code).toBe("target_not_found");
    const react = await send({ type: "reaction", target, emoji: "👍" });
    expect(react.event.data.status).toBe("failed");
    expect((await failureOf("reaction", unknown)).data.code).toBe("target_not_found");
  });

  it("fails an edit WhatsApp never confirms: timeout", async () => {
    const mine = await send({ type: "text", text: "lost" });
    await expect.poll(() => phoneGot(mine.waMessageId)).toBeDefined();
    sim.chat.withholdAcks(account.id, 1);
    await h.command(s, "message.edit", { messageId: mine.messageId, target: mine.key, text: "never arrives" });
    const failed = await failureOf("edit", mine.waMessageId);
    expect(failed.data.code).toBe("timeout");
    expect(phoneGot(mine.waMessageId)?.editedText).toBeUndefined();
  });
});

describe("a session that is not open", () => {
  it("fails edits, deletes, read receipts and presence with session_not_open", async () => {
    const mine = await send({ type: "text", text: "before the disconnect" });
    await h.command(s, "session.disconnect", {});
    await h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "disconnected");
    // nobody holds the session now: the worker that gets the commands answers for it
    await h.commandTo(inboxUrl, s, "message.edit", { messageId: mine.messageId, target: mine.key, text: "offline" });
    await h.commandTo(inboxUrl, s, "message.delete", { messageId: mine.messageId, target: mine.key });
    const theirs: WaMessageKey = { chatJid: CHAT, waMessageId: "3EB0BBBBBBBBBBBBBBBB", fromMe: false, senderJid: null };
    await h.commandTo(inboxUrl, s, "chat.mark_read", { chatJid: CHAT, keys: [theirs] });
    await h.commandTo(inboxUrl, s, "chat.presence", { chatJid: CHAT, state: "composing" });
    for (const [action, id] of [
      ["edit", mine.waMessageId],
      ["delete", mine.waMessageId],
      ["read", theirs.waMessageId],
      ["presence", null],
    ] as const) {
      const failed = await failureOf(action, id);
      expect(failed.data.code).toBe("session_not_open");
      expect(failed.data.reason).toMatch(/not connected/);
    }
  });
});
