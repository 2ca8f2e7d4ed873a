import { describe, expect, it } from "vitest";
import { FleetCommand } from "./commands";
import { FleetEvent } from "./events";
import { CreateMediaUploadBody, MEDIA_SIZE_LIMITS, MediaDescriptor, baseMimetype, isMimetypeAllowed } from "./media";
import { MessageContent, StoredMessageContent } from "./message-content";
import { EditMessageBody, MarkReadBody, SendMessageBody, SendPresenceBody } from "./message-sends";
import { Message } from "./messages";

const U = "01JGZ8X7Y3M4N5P6Q7R8S9T0VW";
const at = "2030-01-01T00:00:00.000Z";
const meta = { v: 1, tenantId: `ten_${U}`, sessionId: `ses_${U}`, epoch: 1, at };
const MSG = `msg_${U}`;
const MED = `med_${U}`;
const to = "4915123456789";
const vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nTEL;type=CELL:+49 151 2345678\nEND:VCARD";

function issuePaths(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, input: unknown) {
  const r = schema.safeParse(input) as { success: boolean; error?: { issues: { path: PropertyKey[] }[] } };
  expect(r.success).toBe(false);
  return r.error!.issues.map((i) => i.path.join("."));
}

describe("send bodies", () => {
  it("treat a body without type as text, as the first API version sent it", () => {
    expect(SendMessageBody.parse({ to, text: "hi" })).toEqual({ type: "text", to, text: "hi" });
  });

  it.each([
    ["text with a reply", { type: "text", to, text: "hi", replyTo: MSG }],
    ["an uploaded image with caption", { type: "image", to, mediaId: MED, caption: "look" }],
    ["a video by URL", { type: "video", to, url: "https://cdn.example.com/v.mp4" }],
    ["a voice note", { type: "audio", to, mediaId: MED, voiceNote: true }],
    ["a document", { type: "document", to, mediaId: MED, fileName: "invoice.pdf", caption: "March" }],
    ["a sticker", { type: "sticker", to, mediaId: MED, replyTo: MSG }],
    ["a location", { type: "location", to, latitude: 52.52, longitude: 13.405, name: "Berlin", address: "Mitte" }],
    ["a contact card", { type: "contact", to, contacts: [{ vcard, displayName: "Ann" }] }],
    ["a reaction", { type: "reaction", to, messageId: MSG, emoji: "👍" }],
    ["a reaction removal", { type: "reaction", to, messageId: MSG, emoji: "" }],
  ])("accept %s", (_name, body) => {
    expect(SendMessageBody.parse(body)).toEqual(body);
  });

  it.each([
    ["an unknown type", { type: "poll", to, text: "x" }, ["type"]],
    ["media without a source", { type: "image", to }, ["mediaId"]],
    ["media with both sources", { type: "image", to, mediaId: MED, url: "https://x.example/a.png" }, ["url"]],
    ["an http URL", { type: "image", to, url: "http://x.example/a.png" }, ["url"]],
    ["a caption on a sticker", { type: "sticker", to, mediaId: MED, caption: "no" }, [""]],
    ["a caption on audio", { type: "audio", to, mediaId: MED, caption: "no" }, [""]],
    ["a bad media id", { type: "image", to, mediaId: "msg_x" }, ["mediaId"]],
    ["a latitude out of range", { type: "location", to, latitude: 91, longitude: 0 }, ["latitude"]],
    ["no contacts", { type: "contact", to, contacts: [] }, ["contacts"]],
    ["a contact that is no vCard", { type: "contact", to, contacts: [{ vcard: "Ann, +49…" }] }, ["contacts.0.vcard"]],
    ["a reaction without target", { type: "reaction", to, emoji: "👍" }, ["messageId"]],
    ["a reply to something not a message id", { type: "text", to, text: "x", replyTo: "3EB0AA" }, ["replyTo"]],
    ["an empty text", { to, text: "" }, ["text"]],
  ])("refuse %s", (_name, body, paths) => {
    expect(issuePaths(SendMessageBody, body)).toEqual(paths);
  });

  it("verbs take their own bodies", () => {
    expect(EditMessageBody.parse({ text: "fixed" })).toEqual({ text: "fixed" });
    expect(issuePaths(EditMessageBody, { text: "" })).toEqual(["text"]);
    expect(MarkReadBody.parse({ chat: to })).toEqual({ chat: to });
    expect(MarkReadBody.parse({ chat: to, messageIds: [MSG] }).messageIds).toEqual([MSG]);
    expect(issuePaths(MarkReadBody, { chat: to, messageIds: [] })).toEqual(["messageIds"]);
    expect(SendPresenceBody.parse({ chat: to, state: "recording" }).state).toBe("recording");
    expect(issuePaths(SendPresenceBody, { chat: to, state: "available" })).toEqual(["state"]);
  });
});

describe("media uploads", () => {
  it("follow WhatsApp's limits and types", () => {
    expect(MEDIA_SIZE_LIMITS).toEqual({
      image: 5 * 1024 * 1024,
      video: 16 * 1024 * 1024,
      audio: 16 * 1024 * 1024,
      document: 100 * 1024 * 1024,
      sticker: 500 * 1024,
    });
    expect(baseMimetype("Audio/OGG; codecs=opus")).toBe("audio/ogg");
    expect(isMimetypeAllowed("audio", "audio/ogg; codecs=opus")).toBe(true);
    expect(isMimetypeAllowed("image", "image/gif")).toBe(false);
    expect(isMimetypeAllowed("sticker", "image/webp")).toBe(true);
    expect(isMimetypeAllowed("document", "application/zip")).toBe(true);
  });

  it("declare type, mimetype and a positive size", () => {
    const body = { type: "document", mimetype: "application/pdf", size: 6_500_000, fileName: "a.pdf" };
    expect(CreateMediaUploadBody.parse(body)).toEqual(body);
    expect(issuePaths(CreateMediaUploadBody, { type: "gif", mimetype: "image/gif", size: 1 })).toEqual(["type"]);
    expect(issuePaths(CreateMediaUploadBody, { type: "image", mimetype: "jpeg", size: 1 })).toEqual(["mimetype"]);
    expect(issuePaths(CreateMediaUploadBody, { type: "image", mimetype: "image/png", size: 0 })).toEqual(["size"]);
    expect(issuePaths(CreateMediaUploadBody, { type: "document", mimetype: "a/b", size: 1, fileName: "../x" })).toEqual(
      ["fileName"],
    );
  });
});

describe("inbound content", () => {
  it.each([
    ["a quoted text", { kind: "text", text: "yes", quoted: { waMessageId: "3EB0", senderJid: null, preview: "ok?" } }],
    [
      "an image with its file",
      {
        kind: "image",
        caption: "receipt",
        mimetype: "image/jpeg",
        size: 1200,
        sha256: "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=",
        width: 640,
        height: 480,
        storageKey: `tenants/ten_${U}/sessions/ses_${U}/media/3EB0`,
      },
    ],
    ["a voice note", { kind: "audio", voiceNote: true, mimetype: "audio/ogg; codecs=opus", durationSeconds: 7 }],
    ["a contact", { kind: "contact", contacts: [{ displayName: "Ann", vcard }] }],
    ["a location", { kind: "location", latitude: 1, longitude: 2, name: null, address: "Main St" }],
    ["something unsupported", { kind: "unsupported", waType: "pollCreationMessage" }],
  ])("parses %s", (_name, content) => {
    expect(MessageContent.parse(content)).toEqual(content);
  });

  it("keeps tombstones out of what the fleet may report", () => {
    expect(MessageContent.safeParse({ kind: "deleted" }).success).toBe(false);
    expect(StoredMessageContent.parse({ kind: "deleted" })).toEqual({ kind: "deleted" });
    expect(MessageContent.safeParse({ kind: "other", messageType: "x" }).success).toBe(false);
    expect(MediaDescriptor.safeParse({ downloadUrl: "not a url" }).success).toBe(false);
  });

  it("messages carry edit, delete and reaction markers", () => {
    const m = {
      id: MSG,
      sessionId: `ses_${U}`,
      chatJid: `${to}@s.whatsapp.net`,
      direction: "out",
      type: "deleted",
      text: null,
      content: { kind: "deleted" },
      status: "read",
      failureCode: null,
      failureReason: null,
      waMessageId: "3EB0",
      from: null,
      fromPhone: null,
      pushName: null,
      timestamp: at,
      updatedAt: at,
      edited: true,
      editedAt: at,
      deleted: true,
      deletedAt: at,
      reactions: [{ emoji: "❤️", senderJid: `${to}@s.whatsapp.net`, at }],
    };
    expect(Message.parse(m)).toEqual(m);
    // a frame from a producer older than fromPhone still parses, as not known
    const { fromPhone: _, ...older } = m;
    expect(Message.parse(older).fromPhone).toBeNull();
  });
});

describe("events and commands for the new verbs", () => {
  const target = { chatJid: `${to}@s.whatsapp.net`, waMessageId: "3EB0", fromMe: true };
  it.each([
    ["an edit", { change: "edited", ...target, text: "fixed", at }],
    ["a delete", { change: "deleted", ...target, at }],
    ["a reaction", { change: "reaction", ...target, senderJid: `${to}@s.whatsapp.net`, emoji: "👍", at }],
    ["stored media", { change: "media", ...target, media: { mimetype: "image/jpeg", size: 3 } }],
  ])("message.updated carries %s", (_name, data) => {
    const e = { id: `evt_${U}`, type: "message.updated", ...meta, data };
    expect(FleetEvent.parse(e)).toEqual(e);
  });

  it("chat.presence carries a contact's state and refuses others", () => {
    const data = { chatJid: target.chatJid, participantJid: target.chatJid, state: "composing", at };
    const e = { id: `evt_${U}`, type: "chat.presence", ...meta, data };
    expect(FleetEvent.parse(e)).toEqual(e);
    expect(FleetEvent.safeParse({ ...e, data: { ...data, state: "dancing" } }).success).toBe(false);
  });

  const key = { ...target, senderJid: null };
  const upload = { kind: "upload", mediaId: MED, key: `tenants/ten_${U}/media/${MED}`, mimetype: "image/png", size: 9 };
  it.each([
    ["message.send", { messageId: MSG, to: target.chatJid, content: { type: "image", media: upload, caption: "x" } }],
    [
      "message.send",
      {
        messageId: MSG,
        to: target.chatJid,
        content: { type: "text", text: "re", quoted: { ...key, fromMe: false, preview: "q" } },
      },
    ],
    ["message.send", { messageId: MSG, to: target.chatJid, content: { type: "reaction", target: key, emoji: "" } }],
    [
      "message.send",
      {
        messageId: MSG,
        to: target.chatJid,
        content: { type: "audio", media: { kind: "url", url: "https://x.example/a.ogg" }, voiceNote: true },
      },
    ],
    ["message.edit", { messageId: MSG, target: key, text: "fixed" }],
    ["message.delete", { messageId: MSG, target: key }],
    ["chat.mark_read", { chatJid: target.chatJid, keys: [{ ...key, fromMe: false }] }],
    ["chat.presence", { chatJid: target.chatJid, state: "paused" }],
  ])("%s parses through the FleetCommand union", (type, data) => {
    const c = { id: `cmd_${U}`, type, ...meta, data };
    expect(FleetCommand.parse(c)).toEqual(c);
  });

  it("commands never carry bytes or an unresolved media id", () => {
    const bad = { id: `cmd_${U}`, type: "message.send", ...meta };
    const content = { type: "image", media: { kind: "upload", mediaId: MED } };
    expect(FleetCommand.safeParse({ ...bad, data: { messageId: MSG, to, content } }).success).toBe(false);
    const bytes = { type: "image", media: { kind: "bytes", data: "aGk=" } };
    expect(FleetCommand.safeParse({ ...bad, data: { messageId: MSG, to, content: bytes } }).success).toBe(false);
  });
});
