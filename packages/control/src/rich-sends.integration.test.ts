import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError, expectInvalid, newTenant, type TestTenant } from "./testing/expectations";
import { CONTACT, CONTACT_JID, type RichStack, openSession, receive, richStack, upload } from "./testing/rich-stack";

/**
 * Every message kind through the API on DynamoDB Local and fauxqs S3, composed as on AWS
 * (private URLs refused): sends resolve quotes, reaction targets and uploads into the owner's
 * command; bad input is a 4xx with a machine code and another tenant's ids are 404s.
 */
const lastCommand = (s: RichStack) => s.commands[s.commands.length - 1];
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("sending every kind (DynamoDB Local + fauxqs S3)", () => {
  let s: RichStack;
  let t: TestTenant;
  let other: TestTenant;
  let sessionId: string;

  beforeAll(async () => {
    s = await richStack();
    t = await newTenant(s.h, "rich-sends");
    other = await newTenant(s.h, "rich-sends-other");
    sessionId = await openSession(s, t);
  });

  const send = (json: unknown, key = t.key, headers?: Record<string, string>) =>
    s.h.call("POST", `/v1/sessions/${sessionId}/messages`, { key, json, ...(headers ? { headers } : {}) });

  it("sends an uploaded image: the command names the bucket key, the stored message a working download URL", async () => {
    const bytes = Buffer.from("\x89PNG fake image bytes for the round trip");
    const mediaId = await upload(s, t, "image", "image/png", bytes);
    const res = await send({ type: "image", to: CONTACT, mediaId, caption: "receipt" });
    expect(res.status).toBe(202);
    expect(lastCommand(s)).toMatchObject({
      type: "message.send",
      data: {
        messageId: res.body.id,
        to: CONTACT_JID,
        content: {
          type: "image",
          caption: "receipt",
          media: { kind: "upload", mediaId, key: `tenants/${t.id}/media/${mediaId}`, size: bytes.length },
        },
      },
    });
    const got = await s.h.call("GET", `/v1/sessions/${sessionId}/messages/${res.body.id}`, { key: t.key });
    expect(got.body).toMatchObject({
      type: "image",
      text: "receipt",
      content: { kind: "image", caption: "receipt", mimetype: "image/png", size: bytes.length },
    });
    expect(got.body.content.storageKey).toBeUndefined();
    const download = await fetch(got.body.content.downloadUrl);
    expect(sha(Buffer.from(await download.arrayBuffer()))).toBe(sha(bytes));
    const listed = await s.h.call("GET", `/v1/sessions/${sessionId}/chats/${CONTACT}/messages`, { key: t.key });
    expect(listed.body.data.find((m: { id: string }) => m.id === res.body.id).content.downloadUrl).toEqual(
      expect.stringContaining("X-Amz-Signature="),
    );
  });

  it("refuses a media id that is not uploaded, another tenant's, too large or of the wrong type for the kind", async () => {
    const announced = await s.h.call("POST", "/v1/media", {
      key: t.key,
      json: { type: "image", mimetype: "image/jpeg", size: 10 },
    });
    const notUploaded = await send({ type: "image", to: CONTACT, mediaId: announced.body.mediaId });
    expectError(notUploaded, 400, "validation_failed");
    expect(notUploaded.body.error.details[0]).toMatchObject({ path: "body.mediaId", code: "media_not_uploaded" });

    const theirs = await upload(s, other, "image", "image/png", Buffer.from("theirs"));
    expectError(await send({ type: "image", to: CONTACT, mediaId: theirs }), 404, "not_found");

    const bigDoc = await upload(s, t, "document", "image/jpeg", Buffer.alloc(5 * 1024 * 1024 + 1, 3));
    const tooBig = await send({ type: "image", to: CONTACT, mediaId: bigDoc });
    expectError(tooBig, 413, "media_too_large");
    expect(tooBig.body.error.details[0].code).toBe(`max_bytes_${5 * 1024 * 1024}`);

    const png = await upload(s, t, "image", "image/png", Buffer.from("png"));
    expectError(await send({ type: "sticker", to: CONTACT, mediaId: png }), 415, "unsupported_media_type");
    expectError(
      await send({ type: "image", to: CONTACT, mediaId: "med_01JD0000000000000000000000" }),
      404,
      "not_found",
    );
  });

  it("passes an https URL through for the worker and refuses private, loopback and plain-http ones", async () => {
    const ok = await send({ type: "document", to: CONTACT, url: "https://93.184.216.34/a.pdf", fileName: "a.pdf" });
    expect(ok.status).toBe(202);
    expect(lastCommand(s)).toMatchObject({
      data: {
        content: { type: "document", fileName: "a.pdf", media: { kind: "url", url: "https://93.184.216.34/a.pdf" } },
      },
    });
    for (const url of [
      "https://127.0.0.1/x.png",
      "https://169.254.169.254/latest",
      "https://[::1]/x",
      "https://localhost/x",
    ]) {
      const refused = await send({ type: "image", to: CONTACT, url });
      expectError(refused, 400, "validation_failed");
      expect(refused.body.error.details[0]).toMatchObject({ path: "body.url", code: "private_address" });
    }
    expectInvalid(await send({ type: "image", to: CONTACT, url: "http://93.184.216.34/x.png" }), "body.url");
    expectInvalid(await send({ type: "image", to: CONTACT }), "body.mediaId");
  });

  it("resolves replyTo and a reaction's target to WhatsApp keys, and refuses unknown or foreign ones", async () => {
    const inbound = await receive(s, t, sessionId, "what time?");
    const reply = await send({ type: "text", to: CONTACT, text: "at five", replyTo: inbound });
    expect(reply.status).toBe(202);
    const cmd = lastCommand(s);
    expect(cmd).toMatchObject({
      type: "message.send",
      data: {
        content: {
          type: "text",
          text: "at five",
          quoted: { chatJid: CONTACT_JID, fromMe: false, senderJid: null, preview: "what time?" },
        },
      },
    });
    const stored = await s.h.call("GET", `/v1/sessions/${sessionId}/messages/${reply.body.id}`, { key: t.key });
    expect(stored.body.content.quoted).toMatchObject({ messageId: inbound, preview: "what time?" });

    const react = await send({ type: "reaction", to: CONTACT, messageId: inbound, emoji: "👍" });
    expect(react.status).toBe(202);
    expect(lastCommand(s)).toMatchObject({
      data: { content: { type: "reaction", emoji: "👍", target: { chatJid: CONTACT_JID, fromMe: false } } },
    });

    const unknown = await send({ type: "text", to: CONTACT, text: "x", replyTo: "msg_01JD0000000000000000000000" });
    expectError(unknown, 400, "validation_failed");
    expect(unknown.body.error.details[0]).toMatchObject({ path: "body.replyTo", code: "reply_target_not_found" });
    const otherChat = await send({ type: "text", to: "4915100000002", text: "x", replyTo: inbound });
    expect(otherChat.body.error.details[0].code).toBe("reply_target_not_found");
    const notSent = await send({ type: "reaction", to: CONTACT, messageId: reply.body.id, emoji: "👍" });
    expect(notSent.body.error.details[0]).toMatchObject({ path: "body.messageId", code: "reaction_target_not_sent" });
  });

  it("sends locations and contact cards, and validates their fields", async () => {
    expect(
      (await send({ type: "location", to: CONTACT, latitude: 52.52, longitude: 13.4, name: "Mitte" })).status,
    ).toBe(202);
    expect(lastCommand(s)).toMatchObject({ data: { content: { type: "location", latitude: 52.52, name: "Mitte" } } });
    const vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nTEL:+4915100000009\nEND:VCARD";
    expect((await send({ type: "contact", to: CONTACT, contacts: [{ vcard, displayName: "Ana" }] })).status).toBe(202);
    expect(lastCommand(s)).toMatchObject({
      data: { content: { type: "contact", contacts: [{ vcard, displayName: "Ana" }] } },
    });
    expectInvalid(await send({ type: "location", to: CONTACT, latitude: 91, longitude: 0 }), "body.latitude");
    expectInvalid(await send({ type: "contact", to: CONTACT, contacts: [{ vcard: "hi" }] }), "body.contacts.0.vcard");
    expectInvalid(
      await send({ type: "sticker", to: CONTACT, url: "https://93.184.216.34/s.webp", caption: "no" }),
      "body.caption",
    );
  });

  it("replays an image send with the same Idempotency-Key and never sends twice", async () => {
    const mediaId = await upload(s, t, "image", "image/jpeg", Buffer.from("jpeg"));
    const before = s.commands.length;
    const first = await send({ type: "image", to: CONTACT, mediaId }, t.key, { "idempotency-key": "rich-img-1" });
    const again = await send({ type: "image", to: CONTACT, mediaId }, t.key, { "idempotency-key": "rich-img-1" });
    expect(first.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(s.commands.length).toBe(before + 1);
  });

  it("paces every kind: media sends beyond the session's burst get 429", async () => {
    const paced = await openSession(s, t, { messagesPerMinute: 1, burst: 1 });
    const body = { type: "location", to: CONTACT, latitude: 1, longitude: 2 };
    const path = `/v1/sessions/${paced}/messages`;
    expect((await s.h.call("POST", path, { key: t.key, json: body })).status).toBe(202);
    const url = { type: "image", to: CONTACT, url: "https://93.184.216.34/x.png" };
    expectError(await s.h.call("POST", path, { key: t.key, json: url }), 429, "rate_limited");
  });
});
