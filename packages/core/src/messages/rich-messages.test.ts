import type { SendMessageBody } from "@wharf/contracts";
import { beforeEach, describe, expect, it } from "vitest";
import { WharfError } from "../errors";
import { InMemoryBlobStore, InMemoryMediaStore } from "../testing/in-memory-media";
import { InMemoryMessageStore } from "../testing/in-memory-messages";
import { applyMessageChange } from "./changes";
import { checkMediaUrl } from "./media-urls";
import { resolveOutbound } from "./outbound";
import { presentMessage, toMessage } from "./present";
import type { MessageRecord } from "./records";

const T = "ten_01JD0000000000000000000000";
const S = "ses_01JD0000000000000000000000";
const CHAT = "4915100000001@s.whatsapp.net";
const AT = "2030-01-01T00:00:00.000Z";
const later = (s: number) => new Date(Date.parse(AT) + s * 1000).toISOString();

function record(overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    id: "msg_01JD0000000000000000000001",
    tenantId: T,
    sessionId: S,
    chatJid: CHAT,
    direction: "in",
    content: { kind: "text", text: "hello there" },
    status: "received",
    failure: null,
    waMessageId: "WA1",
    from: CHAT,
    pushName: null,
    timestamp: AT,
    createdAt: AT,
    updatedAt: AT,
    eventId: null,
    ...overrides,
  };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof WharfError ? (err.details?.[0]?.code ?? err.code) : "not-wharf";
  }
  return undefined;
}

async function codeOfAsync(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return err instanceof WharfError ? (err.details?.[0]?.code ?? err.code) : "not-wharf";
  }
  return undefined;
}

describe("message changes (pure)", () => {
  const target = { chatJid: CHAT, waMessageId: "WA1", fromMe: false };
  it("an edit replaces the text or caption and marks it edited; an older edit changes nothing", () => {
    const p = applyMessageChange(record(), { change: "edited", ...target, text: "hi", at: later(2) }, later(3));
    expect(p).toMatchObject({ content: { kind: "text", text: "hi" }, editedAt: later(2), updatedAt: later(3) });
    const edited = record({ ...p });
    expect(applyMessageChange(edited, { change: "edited", ...target, text: "x", at: later(1) }, later(4))).toBeNull();
    const image = record({ content: { kind: "image", caption: "a", mimetype: "image/png" } });
    expect(applyMessageChange(image, { change: "edited", ...target, text: "b", at: AT }, AT)?.content).toMatchObject({
      kind: "image",
      caption: "b",
    });
    const location = record({ content: { kind: "location", latitude: 1, longitude: 2 } });
    expect(applyMessageChange(location, { change: "edited", ...target, text: "b", at: AT }, AT)).toBeNull();
  });

  it("a delete leaves a tombstone once and drops reactions; nothing edits a tombstone", () => {
    const reacted = record({ reactions: [{ emoji: "👍", senderJid: null, at: AT }] });
    const p = applyMessageChange(reacted, { change: "deleted", ...target, at: later(1) }, later(1));
    expect(p).toMatchObject({ content: { kind: "deleted" }, deletedAt: later(1), reactions: [] });
    const gone = record({ ...p });
    expect(applyMessageChange(gone, { change: "deleted", ...target, at: later(2) }, later(2))).toBeNull();
    expect(applyMessageChange(gone, { change: "edited", ...target, text: "x", at: later(3) }, later(3))).toBeNull();
  });

  it("keeps one reaction per sender, removes one with an empty emoji and ignores stale ones", () => {
    const react = (senderJid: string | null, emoji: string, at: string) =>
      ({ change: "reaction", ...target, senderJid, emoji, at }) as const;
    let m = record();
    m = record({ ...applyMessageChange(m, react(CHAT, "❤️", later(1)), later(1)) });
    m = record({ ...applyMessageChange(m, react(null, "👍", later(2)), later(2)) });
    m = record({ ...applyMessageChange(m, react(CHAT, "😂", later(3)), later(3)) });
    expect(m.reactions?.map((r) => r.emoji)).toEqual(["👍", "😂"]);
    expect(applyMessageChange(m, react(CHAT, "🙈", later(0)), later(4))).toBeNull();
    expect(applyMessageChange(m, react(CHAT, "😂", later(5)), later(5))).toBeNull();
    m = record({ ...applyMessageChange(m, react(null, "", later(6)), later(6)) });
    expect(m.reactions).toEqual([{ emoji: "😂", senderJid: CHAT, at: later(3) }]);
    expect(applyMessageChange(m, react("x@s.whatsapp.net", "", later(7)), later(7))).toBeNull();
  });

  it("fills a stored file into media kinds only", () => {
    const audio = record({ content: { kind: "audio", voiceNote: true } });
    const media = { storageKey: "k", size: 3 };
    expect(applyMessageChange(audio, { change: "media", ...target, media }, AT)?.content).toEqual({
      kind: "audio",
      voiceNote: true,
      storageKey: "k",
      size: 3,
    });
    expect(applyMessageChange(record(), { change: "media", ...target, media }, AT)).toBeNull();
  });
});

describe("presenting messages", () => {
  it("never shows the bucket key; mints a download URL per read when a bucket is there", async () => {
    const m = record({ content: { kind: "image", storageKey: "tenants/t/x", mimetype: "image/png" }, editedAt: AT });
    expect(toMessage(m).content).toEqual({ kind: "image", mimetype: "image/png" });
    expect(toMessage(m)).toMatchObject({ edited: true, editedAt: AT });
    const blobs = new InMemoryBlobStore();
    const shown = await presentMessage({ blobs, clock: { now: () => new Date(AT) } }, m);
    expect(shown.content).toMatchObject({
      downloadUrl: expect.stringContaining("tenants%2Ft%2Fx"),
      expiresAt: later(3600),
    });
    expect(blobs.presigned).toEqual([{ method: "GET", key: "tenants/t/x" }]);
    expect((await presentMessage({ clock: { now: () => new Date(AT) } }, m)).content).not.toHaveProperty("downloadUrl");
  });
});

describe("media URL checks without DNS", () => {
  it("refuse non-https, credentials, loopback names and private literals unless private targets are allowed", () => {
    expect(codeOf(() => checkMediaUrl("http://example.com/a", "u", false))).toBe("invalid_scheme");
    expect(codeOf(() => checkMediaUrl("https://u:p@example.com/a", "u", false))).toBe("credentials_in_url");
    for (const host of [
      "localhost",
      "a.localhost",
      "127.0.0.1",
      "10.1.2.3",
      "[::1]",
      "[::ffff:192.168.0.1]",
      "169.254.169.254",
    ])
      expect(codeOf(() => checkMediaUrl(`https://${host}/a`, "u", false))).toBe("private_address");
    expect(codeOf(() => checkMediaUrl("https://example.com/a.png", "u", false))).toBeUndefined();
    expect(codeOf(() => checkMediaUrl("https://93.184.216.34/a.png", "u", false))).toBeUndefined();
    expect(codeOf(() => checkMediaUrl("https://127.0.0.1/a", "u", true))).toBeUndefined();
  });
});

describe("resolving a send for the owner (in memory)", () => {
  let messages: InMemoryMessageStore;
  let media: InMemoryMediaStore;
  let blobs: InMemoryBlobStore;
  const deps = () => ({ messages, media: { media, blobs, clock: { now: () => new Date(AT) } } });
  const resolve = (body: SendMessageBody, chat = CHAT) => resolveOutbound(deps(), T, S, chat, body);

  beforeEach(async () => {
    messages = new InMemoryMessageStore();
    media = new InMemoryMediaStore();
    blobs = new InMemoryBlobStore();
    await messages.recordInbound(record(), {
      jid: CHAT,
      at: AT,
      text: "hello there",
      direction: "in",
      name: null,
      phone: null,
    });
  });

  async function uploaded(kind: "image" | "document", mimetype: string, size: number, put = size) {
    const id = `med_01JD00000000000000000000${String(media.records.size).padStart(2, "0")}`;
    const key = `tenants/${T}/media/${id}`;
    await media.create({
      id,
      tenantId: T,
      kind,
      mimetype,
      size,
      fileName: "r.pdf",
      key,
      createdAt: AT,
      uploadExpiresAt: AT,
    });
    blobs.put(key, put, mimetype);
    return { id, key };
  }

  it("quotes a stored message of the chat with its WhatsApp key and a preview", async () => {
    const r = await resolve({ type: "text", to: "x", text: "yes", replyTo: "msg_01JD0000000000000000000001" as never });
    expect(r.content).toEqual({
      type: "text",
      text: "yes",
      quoted: { chatJid: CHAT, waMessageId: "WA1", fromMe: false, senderJid: null, preview: "hello there" },
    });
    expect(r.stored).toMatchObject({ quoted: { messageId: "msg_01JD0000000000000000000001", senderJid: CHAT } });
    const elsewhere = resolve(
      { type: "text", to: "x", text: "yes", replyTo: "msg_01JD0000000000000000000001" as never },
      "4915100000002@s.whatsapp.net",
    );
    expect(await codeOfAsync(elsewhere)).toBe("reply_target_not_found");
  });

  it("names an upload by its bucket key, with the declared type, size and file name", async () => {
    const { id, key } = await uploaded("document", "application/pdf", 1000);
    const r = await resolve({ type: "document", to: "x", mediaId: id as never, caption: "invoice" });
    expect(r.content).toEqual({
      type: "document",
      media: { kind: "upload", mediaId: id, key, mimetype: "application/pdf", size: 1000 },
      caption: "invoice",
      fileName: "r.pdf",
    });
    expect(r.stored).toEqual({
      kind: "document",
      caption: "invoice",
      mimetype: "application/pdf",
      size: 1000,
      fileName: "r.pdf",
      storageKey: key,
    });
  });

  it("refuses uploads that are short, too large for the kind, or of another type", async () => {
    const short = await uploaded("image", "image/png", 1000, 999);
    expect(await codeOfAsync(resolve({ type: "image", to: "x", mediaId: short.id as never }))).toBe(
      "media_size_mismatch",
    );
    const big = await uploaded("document", "image/png", 6 * 1024 * 1024);
    expect(await codeOfAsync(resolve({ type: "image", to: "x", mediaId: big.id as never }))).toBe(
      `max_bytes_${5 * 1024 * 1024}`,
    );
    const png = await uploaded("image", "image/png", 10);
    expect(await codeOfAsync(resolve({ type: "sticker", to: "x", mediaId: png.id as never }))).toBe(
      "unsupported_mimetype",
    );
    const noBucket = resolveOutbound({ messages }, T, S, CHAT, { type: "image", to: "x", mediaId: png.id as never });
    expect(await codeOfAsync(noBucket)).toBe("unavailable");
  });

  it("turns a reaction into its target's key; voice notes default to audio files", async () => {
    const r = await resolve({
      type: "reaction",
      to: "x",
      messageId: "msg_01JD0000000000000000000001" as never,
      emoji: "",
    });
    expect(r.content).toEqual({
      type: "reaction",
      emoji: "",
      target: { chatJid: CHAT, waMessageId: "WA1", fromMe: false, senderJid: null },
    });
    const audio = await resolve({ type: "audio", to: "x", url: "https://example.com/a.ogg" });
    expect(audio.content).toEqual({
      type: "audio",
      media: { kind: "url", url: "https://example.com/a.ogg" },
      voiceNote: false,
    });
  });
});
