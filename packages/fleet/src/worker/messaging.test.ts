import { newId } from "@wharf/core";
import { useTestStack } from "@wharf/aws/testing";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";
import { DynamoAuthStateStore } from "@wharf/aws";
import { baileysCodec } from "../session/baileys-auth";
import { waMessageIdFor } from "../session/wa-message-id";

const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;
let account: ReturnType<typeof sim.createAccount>;
let s: { tenantId: string; sessionId: string };

const CONTACT = "4915100000777";

beforeAll(async () => {
  // receipts are sent by the test, so delivered and read are each observed
  sim = await createTrustedSimulator({ autoDeliveryReceipts: false });
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  await h.startWorker();
  account = sim.createAccount();
  // a small daily cap so the pacing test reaches it quickly
  s = await h.createSession({ pacing: { messagesPerMinute: 600, burst: 100, dailyCap: 3, typingSimulation: false } });
  await h.place(s, { method: "qr" });
  await linkSessionByQr(h, sim, s, account.id);
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

describe("messages through the fleet", () => {
  it("turns an inbound text into a message.received event", async () => {
    const sent = sim.sendText(account.id, CONTACT, "hello from a contact", { pushName: "Ann" });
    const e = await h.events.waitFor(s.sessionId, "message.received", (m) => m.data.waMessageId === sent.id);
    expect(e.data).toMatchObject({
      content: { kind: "text", text: "hello from a contact" },
      senderPhone: CONTACT,
      pushName: "Ann",
    });
    expect(e.epoch).toBeGreaterThan(0);
    const stored = await h.sessions.get(s.tenantId, s.sessionId);
    expect(stored?.status).toBe("open");
  });

  it("sends a text command to the contact and reports sent, delivered and read", async () => {
    const messageId = newId("message");
    await h.command(s, "message.send_text", { messageId, to: `+${CONTACT}`, text: "hi back" });
    const sent = await h.events.waitFor(
      s.sessionId,
      "message.status",
      (e) => e.data.messageId === messageId && e.data.status === "sent",
    );
    expect(sent.data.waMessageId).toBe(waMessageIdFor(messageId));
    await expect
      .poll(() => sim.received(account.id).find((r) => r.id === waMessageIdFor(messageId))?.text, { timeout: 10_000 })
      .toBe("hi back");

    sim.sendReceipts(account.id, "delivered", [waMessageIdFor(messageId)]);
    await h.events.waitFor(
      s.sessionId,
      "message.status",
      (e) => e.data.messageId === messageId && e.data.status === "delivered",
    );
    sim.sendReceipts(account.id, "read", [waMessageIdFor(messageId)]);
    await h.events.waitFor(
      s.sessionId,
      "message.status",
      (e) => e.data.messageId === messageId && e.data.status === "read",
    );
  });

  it("issues the contact its privacy token once, and stores when with the session's keys", async () => {
    // the sends of this suite all go to one contact: the first one issues the token
    await expect.poll(() => sim.privacyTokensIssued(account.id).length, { timeout: 10_000 }).toBe(1);
    // reads are not fenced: any owner and epoch will do
    const store = new DynamoAuthStateStore({
      ctx: h.ctx,
      ...s,
      keyring: h.keyring,
      codec: baileysCodec,
      fence: () => ({ owner: "wrk_reader", epoch: 0 }),
    });
    const issuedAt = async () => {
      // Baileys keeps the contacts it issued tokens to under this id (TC_TOKEN_INDEX_KEY)
      const index = (await store.getKeys("tctoken", ["__index"])).__index as { token?: Uint8Array } | undefined;
      const jids = index?.token ? (JSON.parse(Buffer.from(index.token).toString()) as string[]) : [];
      const entries = await store.getKeys("tctoken", jids);
      return Object.values(entries).map((e) => (e as { senderTimestamp?: number }).senderTimestamp ?? 0);
    };
    await expect.poll(issuedAt, { timeout: 10_000 }).toEqual([expect.any(Number)]);
    expect((await issuedAt())[0]).toBeGreaterThan(0);
  });

  it("sends a command id only once, even when it arrives again", async () => {
    const messageId = newId("message");
    const owner = await h.ownerOf(s);
    const cmd = await h.commandTo(owner!.inboxUrl!, s, "message.send_text", {
      messageId,
      to: CONTACT,
      text: "only once",
    });
    await h.events.waitFor(
      s.sessionId,
      "message.status",
      (e) => e.data.messageId === messageId && e.data.status === "sent",
    );
    // the same command again, past SQS deduplication (another dedup id, same command id)
    await h.commandTo(owner!.inboxUrl!, s, "message.send_text", { messageId, to: CONTACT, text: "only once" }, cmd.id);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(sim.received(account.id).filter((r) => r.text === "only once")).toHaveLength(1);
  });

  it("refuses a send past the daily cap with a clear reason, and a bad recipient as invalid", async () => {
    // 2 of the 3 allowed today are used above; one more goes out, the next is refused
    const ok = newId("message");
    const refused = newId("message");
    const bad = newId("message");
    await h.command(s, "message.send_text", { messageId: ok, to: CONTACT, text: "third" });
    await h.command(s, "message.send_text", { messageId: refused, to: CONTACT, text: "fourth" });
    await h.command(s, "message.send_text", { messageId: bad, to: "12", text: "nobody" });
    await h.events.waitFor(s.sessionId, "message.status", (e) => e.data.messageId === ok && e.data.status === "sent");
    const denied = await h.events.waitFor(s.sessionId, "message.status", (e) => e.data.messageId === refused);
    expect(denied.data).toMatchObject({ status: "failed", failure: { code: "daily_cap" } });
    expect(denied.data.failure?.message).toMatch(/daily message cap/);
    expect(denied.data.failure?.retryAfterSeconds).toBeGreaterThan(0);
    const invalid = await h.events.waitFor(s.sessionId, "message.status", (e) => e.data.messageId === bad);
    expect(invalid.data).toMatchObject({ status: "failed", failure: { code: "invalid_recipient" } });
    expect(sim.received(account.id).some((r) => r.text === "fourth")).toBe(false);
    // three sends to the contact, one privacy token (stock Baileys issued one per send)
    expect(sim.privacyTokensIssued(account.id)).toHaveLength(1);
  });
});
