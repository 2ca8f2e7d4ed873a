import { createHash } from "node:crypto";
import { LOCAL_CREDENTIALS, createS3BlobStore, createS3Client } from "@wharf/aws";
import type { FleetEvent, MessageContent } from "@wharf/contracts";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { newTenant, type TestTenant } from "./testing/expectations";
import { CONTACT, CONTACT_JID, type RichStack, fleetEvent, openSession, richStack } from "./testing/rich-stack";

/**
 * The events consumer on DynamoDB Local and fauxqs S3 applies every message event: any
 * content kind is stored, framed and webhooked (files with a working presigned GET, never
 * their bucket key); edits, deletes, reactions and stored files change the stored message;
 * presence is only framed and webhooked. Redeliveries change nothing and announce nothing.
 */
describe("message events (DynamoDB Local + fauxqs S3)", () => {
  let s: RichStack;
  let t: TestTenant;
  let sessionId: string;

  beforeAll(async () => {
    s = await richStack();
    t = await newTenant(s.h, "rich-events");
    sessionId = await openSession(s, t);
  });

  const waId = () => `WA${Math.random().toString(36).slice(2, 12).toUpperCase()}`;
  const received = (content: MessageContent, waMessageId = waId()) =>
    fleetEvent(t, sessionId, "message.received", {
      waMessageId,
      chatJid: CONTACT_JID,
      senderJid: CONTACT_JID,
      senderPhone: CONTACT,
      pushName: "Ana",
      sentAt: new Date().toISOString(),
      content,
    });
  const changed = (data: Extract<FleetEvent, { type: "message.updated" }>["data"]) =>
    fleetEvent(t, sessionId, "message.updated", data);
  const get = async (id: string) =>
    (await s.h.call("GET", `/v1/sessions/${sessionId}/messages/${id}`, { key: t.key })).body;
  const byWaId = async (waMessageId: string) => {
    const page = await s.h.call("GET", `/v1/sessions/${sessionId}/chats/${CONTACT}/messages?limit=100`, { key: t.key });
    return page.body.data.find((m: { waMessageId: string }) => m.waMessageId === waMessageId);
  };
  const framesOf = (e: FleetEvent) => s.frames.filter((f) => f.id === e.id);
  const payloadsOf = (e: FleetEvent) => s.payloads.filter((p) => p.id === e.id);

  it("stores an inbound image the worker put in the bucket, and frames and webhooks it with a working URL", async () => {
    const stack = inject("wharfStack");
    const s3 = createS3Client({ region: stack.region, endpoint: stack.sqsEndpoint, credentials: LOCAL_CREDENTIALS });
    const bytes = Buffer.from("inbound jpeg bytes");
    const storageKey = `tenants/${t.id}/sessions/${sessionId}/media/${waId()}`;
    // as the worker stores a downloaded file (here through a presigned PUT: no SDK in this package)
    const put = await createS3BlobStore(s3, stack.mediaBucket).presignPut(storageKey, "image/jpeg", bytes.length, 60);
    expect((await fetch(put, { method: "PUT", body: bytes, headers: { "content-type": "image/jpeg" } })).status).toBe(
      200,
    );
    const sha256 = createHash("sha256").update(bytes).digest("base64");
    const event = received({
      kind: "image",
      caption: "my receipt",
      mimetype: "image/jpeg",
      size: bytes.length,
      sha256,
      width: 640,
      height: 480,
      storageKey,
    });
    expect(await s.apply(event)).toBe("applied");

    const [frame] = framesOf(event);
    const [payload] = payloadsOf(event);
    expect(frame?.type).toBe("message:new");
    expect(payload?.type).toBe("message.received");
    for (const shown of [frame?.data, payload?.data] as Array<{ content: Record<string, unknown> }>) {
      expect(shown.content).toMatchObject({ kind: "image", mimetype: "image/jpeg", sha256, width: 640, height: 480 });
      expect(shown.content.storageKey).toBeUndefined();
      const res = await fetch(String(shown.content.downloadUrl));
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }
    const listed = await byWaId(event.type === "message.received" ? event.data.waMessageId : "");
    expect(listed).toMatchObject({ type: "image", text: "my receipt", content: { kind: "image" } });
    expect((await fetch(listed.content.downloadUrl)).status).toBe(200);
    expect(await s.apply(event)).toBe("duplicate");
    expect(framesOf(event)).toHaveLength(1);
  });

  it("stores every other kind, unsupported ones under WhatsApp's type, and links a reply to its quoted message", async () => {
    const quotedWa = waId();
    await s.apply(received({ kind: "text", text: "original" }, quotedWa));
    const quoted = await byWaId(quotedWa);
    const kinds: MessageContent[] = [
      { kind: "location", latitude: 52.5, longitude: 13.4, name: "Mitte", address: null },
      { kind: "contact", contacts: [{ displayName: "Bo", vcard: "BEGIN:VCARD\nFN:Bo\nEND:VCARD" }] },
      { kind: "audio", voiceNote: true, mimetype: "audio/ogg; codecs=opus", durationSeconds: 7 },
      { kind: "document", fileName: "a.pdf", mimetype: "application/pdf", unavailableReason: "download_failed" },
      { kind: "sticker", animated: false, mimetype: "image/webp" },
      { kind: "video", gif: true, mimetype: "video/mp4" },
      { kind: "unsupported", waType: "pollCreationMessage" },
      {
        kind: "text",
        text: "a reply",
        quoted: { waMessageId: quotedWa, senderJid: CONTACT_JID, preview: "original" },
      },
    ];
    for (const content of kinds) {
      const wa = waId();
      expect(await s.apply(received(content, wa))).toBe("applied");
      const stored = await byWaId(wa);
      expect(stored.type).toBe(content.kind === "unsupported" ? "pollCreationMessage" : content.kind);
      expect(stored.content.kind).toBe(content.kind);
      if (content.kind === "text") expect(stored.content.quoted).toMatchObject({ messageId: quoted.id });
    }
  });

  it("applies an edit: new text, marked edited, framed and webhooked as message.updated", async () => {
    const wa = waId();
    await s.apply(received({ kind: "text", text: "helo" }, wa));
    const at = new Date().toISOString();
    const edit = changed({ change: "edited", chatJid: CONTACT_JID, waMessageId: wa, fromMe: false, text: "hello", at });
    expect(await s.apply(edit)).toBe("applied");
    const stored = await byWaId(wa);
    expect(stored).toMatchObject({
      text: "hello",
      content: { kind: "text", text: "hello" },
      edited: true,
      editedAt: at,
    });
    expect(framesOf(edit)).toMatchObject([{ type: "message:updated", data: { id: stored.id, edited: true } }]);
    expect(payloadsOf(edit)).toMatchObject([{ type: "message.updated", data: { id: stored.id, text: "hello" } }]);
    expect(await s.apply(edit)).toBe("duplicate");
    expect(framesOf(edit)).toHaveLength(1);
  });

  it("turns a deleted message into a tombstone that stays in the chat", async () => {
    const wa = waId();
    await s.apply(received({ kind: "text", text: "oops" }, wa));
    const del = changed({
      change: "deleted",
      chatJid: CONTACT_JID,
      waMessageId: wa,
      fromMe: false,
      at: new Date().toISOString(),
    });
    expect(await s.apply(del)).toBe("applied");
    const stored = await byWaId(wa);
    expect(stored).toMatchObject({ type: "deleted", text: null, content: { kind: "deleted" }, deleted: true });
    expect(await get(stored.id)).toMatchObject({ content: { kind: "deleted" } });
    // a later edit of a deleted message changes nothing
    const late = changed({
      change: "edited",
      chatJid: CONTACT_JID,
      waMessageId: wa,
      fromMe: false,
      text: "x",
      at: new Date().toISOString(),
    });
    expect(await s.apply(late)).toBe("ignored");
  });

  it("attaches reactions to their target, one per sender, and removes one with an empty emoji", async () => {
    const wa = waId();
    await s.apply(received({ kind: "text", text: "lunch?" }, wa));
    const target = await byWaId(wa);
    const asMessage = received({ kind: "reaction", emoji: "❤️", targetWaMessageId: wa });
    expect(await s.apply(asMessage)).toBe("applied");
    expect(framesOf(asMessage)).toMatchObject([{ type: "message:updated" }]);
    expect(payloadsOf(asMessage)).toMatchObject([{ type: "message.updated" }]);
    const now = () => new Date().toISOString();
    const mine = changed({
      change: "reaction",
      chatJid: CONTACT_JID,
      waMessageId: wa,
      fromMe: false,
      senderJid: null,
      emoji: "👍",
      at: now(),
    });
    expect(await s.apply(mine)).toBe("applied");
    expect((await get(target.id)).reactions).toEqual([
      expect.objectContaining({ emoji: "❤️", senderJid: CONTACT_JID }),
      expect.objectContaining({ emoji: "👍", senderJid: null }),
    ]);
    const swap = changed({
      change: "reaction",
      chatJid: CONTACT_JID,
      waMessageId: wa,
      fromMe: false,
      senderJid: CONTACT_JID,
      emoji: "😂",
      at: now(),
    });
    await s.apply(swap);
    const removed = changed({
      change: "reaction",
      chatJid: CONTACT_JID,
      waMessageId: wa,
      fromMe: false,
      senderJid: null,
      emoji: "",
      at: now(),
    });
    await s.apply(removed);
    expect((await get(target.id)).reactions).toEqual([
      expect.objectContaining({ emoji: "😂", senderJid: CONTACT_JID }),
    ]);
    // the reaction is not a message of the chat
    const page = await s.h.call("GET", `/v1/sessions/${sessionId}/chats/${CONTACT}/messages?limit=100`, { key: t.key });
    expect(page.body.data.some((m: { type: string }) => m.type === "reaction")).toBe(false);
  });

  it("attaches our own reaction to its target once WhatsApp took it", async () => {
    const wa = waId();
    await s.apply(received({ kind: "text", text: "done?" }, wa));
    const target = await byWaId(wa);
    const sent = await s.h.call("POST", `/v1/sessions/${sessionId}/messages`, {
      key: t.key,
      json: { type: "reaction", to: CONTACT, messageId: target.id, emoji: "✅" },
    });
    expect(sent.status).toBe(202);
    const status = fleetEvent(t, sessionId, "message.status", {
      messageId: sent.body.id,
      waMessageId: waId(),
      status: "sent",
    });
    expect(await s.apply(status)).toBe("applied");
    expect((await get(target.id)).reactions).toEqual([expect.objectContaining({ emoji: "✅", senderJid: null })]);
    expect(
      s.frames.filter((f) => f.type === "message:updated" && (f.data as { id: string }).id === target.id),
    ).toHaveLength(1);
    // the reaction shows on its target, not as a message of the chat
    const page = await s.h.call("GET", `/v1/sessions/${sessionId}/chats/${CONTACT}/messages?limit=100`, { key: t.key });
    expect(page.body.data.some((m: { id: string }) => m.id === sent.body.id)).toBe(false);
  });

  it("fills in a file stored after its message arrived", async () => {
    const wa = waId();
    await s.apply(received({ kind: "audio", voiceNote: true, mimetype: "audio/ogg" }, wa));
    const storageKey = `tenants/${t.id}/sessions/${sessionId}/media/${wa}`;
    const media = changed({
      change: "media",
      chatJid: CONTACT_JID,
      waMessageId: wa,
      fromMe: false,
      media: { storageKey, size: 1234, sha256: "abc=", durationSeconds: 3 },
    });
    expect(await s.apply(media)).toBe("applied");
    const stored = await byWaId(wa);
    expect(stored.content).toMatchObject({ kind: "audio", voiceNote: true, size: 1234, durationSeconds: 3 });
    expect(stored.content.downloadUrl).toEqual(expect.stringContaining(encodeURIComponent(wa)));
    expect(stored.content.storageKey).toBeUndefined();
  });

  it("ignores changes to messages it never stored", async () => {
    const e = changed({
      change: "deleted",
      chatJid: CONTACT_JID,
      waMessageId: waId(),
      fromMe: true,
      at: new Date().toISOString(),
    });
    expect(await s.apply(e)).toBe("ignored");
    expect(framesOf(e)).toHaveLength(0);
  });

  it("frames and webhooks presence without storing it", async () => {
    const at = new Date().toISOString();
    const e = fleetEvent(t, sessionId, "chat.presence", {
      chatJid: CONTACT_JID,
      participantJid: CONTACT_JID,
      state: "composing",
      at,
    });
    expect(await s.apply(e)).toBe("applied");
    expect(framesOf(e)).toMatchObject([{ type: "chat:presence", data: { chatJid: CONTACT_JID, state: "composing" } }]);
    expect(payloadsOf(e)).toMatchObject([{ type: "chat.presence", data: { state: "composing" } }]);
    const missing = fleetEvent(t, "ses_01JD0000000000000000000000", "chat.presence", e.data as never);
    expect(await s.apply(missing)).toBe("session_missing");
  });
});
