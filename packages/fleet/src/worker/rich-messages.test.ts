import { createHash, randomBytes } from "node:crypto";
import { createS3MediaObjects } from "@wharf/aws";
import { useTestStack } from "@wharf/aws/testing";
import type { MediaSource, OutboundContent, WaMessageKey } from "@wharf/contracts";
import { newId } from "@wharf/core";
import { simulatorMediaCaPem } from "@wharf/wa-sim";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waMessageIdFor } from "../session/wa-message-id";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";

const stack = useTestStack();
const objects = createS3MediaObjects(stack.s3, stack.mediaBucket);
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;
let account: ReturnType<typeof sim.createAccount>;
let s: { tenantId: string; sessionId: string };

const CONTACT = "4915100000888";
const CHAT = `${CONTACT}@s.whatsapp.net`;

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  h.media = { objects, caPem: simulatorMediaCaPem() };
  await h.startWorker();
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

async function stored(key: string): Promise<Buffer> {
  const o = await objects.getStream(key);
  if (!o) throw new Error(`nothing stored under ${key}`);
  const chunks: Buffer[] = [];
  for await (const c of o.body) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

async function upload(bytes: Buffer, mimetype: string): Promise<MediaSource> {
  const mediaId = newId("media");
  const key = `tenants/${s.tenantId}/uploads/${mediaId}`;
  await objects.put(key, bytes, mimetype);
  return { kind: "upload", mediaId, key, mimetype, size: bytes.length };
}

/** Sends one message.send and waits for its outcome event. */
async function send(content: OutboundContent, to = CHAT) {
  const messageId = newId("message");
  await h.command(s, "message.send", { messageId, to, content });
  const e = await h.events.waitFor(
    s.sessionId,
    "message.status",
    (m) => m.data.messageId === messageId && (m.data.status === "sent" || m.data.status === "failed"),
  );
  return { messageId, waMessageId: waMessageIdFor(messageId), event: e };
}

const phoneGot = (id: string) => sim.received(account.id).find((r) => r.id === id);

describe("inbound messages of every kind", () => {
  it.each([
    ["image", { mimetype: "image/png", caption: "receipt", width: 4, height: 3 }, { caption: "receipt", width: 4 }],
    ["video", { mimetype: "video/mp4", caption: "clip", seconds: 4 }, { caption: "clip", durationSeconds: 4 }],
    ["audio", { mimetype: "audio/ogg; codecs=opus", ptt: true, seconds: 7 }, { voiceNote: true, durationSeconds: 7 }],
    ["document", { mimetype: "application/pdf", fileName: "invoice.pdf" }, { fileName: "invoice.pdf" }],
    ["sticker", { mimetype: "image/webp" }, {}],
  ] as const)("stores a contact's %s in the bucket and reports it with its key", async (type, extra, expected) => {
    const bytes = randomBytes(3000 + Math.floor(Math.random() * 1000));
    const sent = sim.chat.send(account.id, CONTACT, { type, bytes, ...extra } as never);
    const e = await h.events.waitFor(s.sessionId, "message.received", (m) => m.data.waMessageId === sent.id);
    const content = e.data.content as Record<string, unknown>;
    expect(content).toMatchObject({
      kind: type,
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("base64"),
      ...expected,
    });
    expect(String(content.storageKey)).toMatch(new RegExp(`^tenants/${s.tenantId}/sessions/${s.sessionId}/media/`));
    expect((await stored(String(content.storageKey))).equals(bytes)).toBe(true);
  });

  it("reports locations, contact cards and replies with what they quote", async () => {
    const loc = sim.chat.send(account.id, CONTACT, {
      type: "location",
      latitude: 52.52,
      longitude: 13.4,
      name: "TV tower",
      address: "Berlin",
    });
    const l = await h.events.waitFor(s.sessionId, "message.received", (m) => m.data.waMessageId === loc.id);
    expect(l.data.content).toEqual({
      kind: "location",
      latitude: 52.52,
      longitude: 13.4,
      name: "TV tower",
      address: "Berlin",
    });

    const vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Bo\nTEL;waid=4915100000999:+49 151 00000999\nEND:VCARD";
    const card = sim.chat.send(account.id, CONTACT, { type: "contact", contacts: [{ displayName: "Bo", vcard }] });
    const c = await h.events.waitFor(s.sessionId, "message.received", (m) => m.data.waMessageId === card.id);
    expect(c.data.content).toEqual({ kind: "contact", contacts: [{ displayName: "Bo", vcard }] });

    const reply = sim.chat.send(account.id, CONTACT, { type: "text", text: "this one" }, { replyTo: loc.id });
    const r = await h.events.waitFor(s.sessionId, "message.received", (m) => m.data.waMessageId === reply.id);
    expect(r.data.content).toMatchObject({ kind: "text", text: "this one", quoted: { waMessageId: loc.id } });
  });

  it("turns a contact's reaction, edit and delete into message.updated", async () => {
    const first = sim.chat.send(account.id, CONTACT, { type: "text", text: "typo" });
    await h.events.waitFor(s.sessionId, "message.received", (m) => m.data.waMessageId === first.id);
    sim.chat.send(account.id, CONTACT, { type: "reaction", targetId: first.id, emoji: "👍" });
    const reaction = await h.events.waitFor(s.sessionId, "message.updated", (m) => m.data.change === "reaction");
    expect(reaction.data).toMatchObject({ waMessageId: first.id, fromMe: false, emoji: "👍", chatJid: CHAT });
    sim.chat.send(account.id, CONTACT, { type: "edit", targetId: first.id, text: "fixed" });
    const edit = await h.events.waitFor(s.sessionId, "message.updated", (m) => m.data.change === "edited");
    expect(edit.data).toMatchObject({ waMessageId: first.id, fromMe: false, text: "fixed" });
    sim.chat.send(account.id, CONTACT, { type: "revoke", targetId: first.id });
    const del = await h.events.waitFor(s.sessionId, "message.updated", (m) => m.data.change === "deleted");
    expect(del.data).toMatchObject({ waMessageId: first.id, fromMe: false });
  });

  it("reports a contact typing as chat.presence", async () => {
    sim.chat.sendChatstate(account.id, CONTACT, "composing");
    const p = await h.events.waitFor(s.sessionId, "chat.presence", (m) => m.data.state === "composing");
    expect(p.data.participantJid).toMatch(/@/);
  });
});

describe("sends of every kind", () => {
  it("sends a text that quotes the contact's message", async () => {
    const theirs = sim.chat.send(account.id, CONTACT, { type: "text", text: "question?" });
    await h.events.waitFor(s.sessionId, "message.received", (m) => m.data.waMessageId === theirs.id);
    const quoted = { chatJid: CHAT, waMessageId: theirs.id, fromMe: false, senderJid: null, preview: "question?" };
    const { waMessageId, event } = await send({ type: "text", text: "answer", quoted });
    expect(event.data.status).toBe("sent");
    await expect.poll(() => phoneGot(waMessageId)?.decoded).toMatchObject({ kind: "text", quotedId: theirs.id });
  });

  it.each([
    ["image", "image/jpeg", { caption: "look" }],
    ["document", "application/pdf", { fileName: "invoice.pdf", caption: "the invoice" }],
    ["audio", "audio/ogg; codecs=opus", { voiceNote: true }],
    ["video", "video/mp4", { caption: "clip" }],
    ["sticker", "image/webp", {}],
  ] as const)("sends an uploaded %s that the phone decrypts to the same bytes", async (type, mimetype, extra) => {
    const bytes = randomBytes(6000);
    const { waMessageId, event } = await send({
      type,
      media: await upload(bytes, mimetype),
      ...extra,
    } as OutboundContent);
    expect(event.data).toMatchObject({ status: "sent" });
    await expect.poll(() => phoneGot(waMessageId)?.decoded?.media?.verified, { timeout: 15_000 }).toBe(true);
    expect(sim.chat.receivedMedia(account.id, waMessageId).bytes.equals(bytes)).toBe(true);
    const decoded = phoneGot(waMessageId)?.decoded;
    expect(decoded?.kind).toBe(type);
    if (type === "document") expect(decoded?.media?.fileName).toBe("invoice.pdf");
    if (type === "audio") expect(decoded?.media?.ptt).toBe(true);
  });

  it("sends a location and a contact card", async () => {
    const loc = await send({
      type: "location",
      latitude: 48.14,
      longitude: 11.58,
      name: "Marienplatz",
      address: "Munich",
    });
    await expect
      .poll(() => phoneGot(loc.waMessageId)?.decoded?.location)
      .toEqual({ latitude: 48.14, longitude: 11.58, name: "Marienplatz", address: "Munich" });
    const vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Cy\nEND:VCARD";
    const card = await send({ type: "contact", contacts: [{ displayName: "Cy", vcard }] });
    await expect.poll(() => phoneGot(card.waMessageId)?.decoded?.contacts).toEqual([{ displayName: "Cy", vcard }]);
  });

  it("reacts, edits, deletes, reads and shows presence", async () => {
    const mine = await send({ type: "text", text: "draft" });
    const target: WaMessageKey = { chatJid: CHAT, waMessageId: mine.waMessageId, fromMe: true, senderJid: null };
    const react = await send({ type: "reaction", target, emoji: "🎉" });
    expect(react.event.data.status).toBe("sent");
    await expect.poll(() => phoneGot(mine.waMessageId)?.reaction).toBe("🎉");
    const echoed = await h.events.waitFor(
      s.sessionId,
      "message.updated",
      (m) => m.data.change === "reaction" && m.data.fromMe,
    );
    expect(echoed.data).toMatchObject({ waMessageId: mine.waMessageId, senderJid: null, emoji: "🎉" });

    await h.command(s, "message.edit", { messageId: mine.messageId, target, text: "final" });
    await expect.poll(() => phoneGot(mine.waMessageId)?.editedText).toBe("final");
    await h.command(s, "message.delete", { messageId: mine.messageId, target });
    await expect.poll(() => phoneGot(mine.waMessageId)?.revoked).toBe(true);

    const theirs = sim.chat.send(account.id, CONTACT, { type: "text", text: "read me" });
    const got = await h.events.waitFor(s.sessionId, "message.received", (m) => m.data.waMessageId === theirs.id);
    const key: WaMessageKey = { chatJid: got.data.chatJid, waMessageId: theirs.id, fromMe: false, senderJid: null };
    await h.command(s, "chat.mark_read", { chatJid: got.data.chatJid, keys: [key] });
    await expect.poll(() => sim.inbox(account.id).find((m) => m.id === theirs.id)?.status).toBe("read");

    await h.command(s, "chat.presence", { chatJid: CHAT, state: "recording" });
    await expect.poll(() => sim.chat.activity(account.id).chatstates.some((c) => c.state === "recording")).toBe(true);
  });
});

describe("media sends that cannot go out", () => {
  it("fails with a reason: missing upload, blocked URL, oversize", async () => {
    const missing = await send({
      type: "image",
      media: {
        kind: "upload",
        mediaId: newId("media"),
        key: "tenants/x/uploads/none",
        mimetype: "image/png",
        size: 10,
      },
    });
    expect(missing.event.data).toMatchObject({ status: "failed", failure: { code: "media_not_found" } });
    const blocked = await send({ type: "document", media: { kind: "url", url: "https://127.0.0.1:9/file.pdf" } });
    expect(blocked.event.data).toMatchObject({ status: "failed", failure: { code: "media_url_refused" } });
    const big = await upload(randomBytes(10), "image/png");
    const oversize = await send({
      type: "image",
      media: { ...big, kind: "upload", size: 6 * 1024 * 1024 },
    } as OutboundContent);
    expect(oversize.event.data).toMatchObject({ status: "failed", failure: { code: "media_too_large" } });
    expect(oversize.event.data.failure?.message).toMatch(/5 MB/);
  });
});
