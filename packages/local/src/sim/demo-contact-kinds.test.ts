import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MEDIA_MAX_BYTES } from "@wharf/contracts";
import { apiOf, newSession, newTenant, startTestRuntime, type Tenant, waitFor } from "../data-path/test-kit";
import type { LocalRuntime } from "../runtime";

const CONTACT = "4915112345678";
const VCARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Greta Shop\nTEL;type=CELL;waid=4915100000001:+49 151 00000001\nEND:VCARD";

interface Stored {
  id: string;
  direction: string;
  waMessageId: string;
  type: string;
  pushName: string | null;
  content: Record<string, unknown>;
  text: string | null;
  edited?: boolean;
  deleted?: boolean;
  reactions?: Array<{ emoji: string; senderJid: string | null }>;
}

/**
 * The demo API's contact sends every kind to a session linked to a virtual phone; a real fleet
 * worker (real Baileys) receives it, downloads and decrypts files from the simulator's media
 * host and stores them in fauxqs S3. Each kind must arrive as the right stored content, and
 * every file must download from its `downloadUrl` as the bytes the contact sent.
 */
describe("demo contacts send every kind", () => {
  let rt: LocalRuntime;
  let t: Tenant;
  let sessionId: string;
  let phone: string;
  const api = () => apiOf(rt);
  const get = async (path: string) => (await api().call("GET", path, { key: t.key })).body;
  const post = (path: string, json: unknown, key = t.key) => api().call("POST", path, { key, json });
  const contactSends = (json: unknown, key = t.key, phoneId = phone) =>
    post(`/v1/demo/phones/${phoneId}/contacts/${CONTACT}/messages`, json, key);

  /** the stored message with this WhatsApp id, once `ready` holds for it */
  const stored = (waMessageId: string, ready: (m: Stored) => boolean = () => true) =>
    waitFor(
      `message ${waMessageId} stored`,
      async () => {
        const page = await get(`/v1/sessions/${sessionId}/chats/${CONTACT}/messages?limit=100`);
        const m = (page.data as Stored[] | undefined)?.find((x) => x.waMessageId === waMessageId);
        return m && ready(m) ? m : null;
      },
      60_000,
    );
  /** a contact's file: sent, stored with a download URL that answers the same bytes */
  const sendFile = async (body: Record<string, unknown>, bytes: Buffer) => {
    const sent = await contactSends({ ...body, data: bytes.toString("base64") });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const m = await stored(sent.body.id, (x) => typeof x.content.downloadUrl === "string");
    const download = await fetch(m.content.downloadUrl as string);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(m.content).toMatchObject({
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("base64"),
    });
    expect(m.direction).toBe("in");
    return m;
  };

  beforeAll(async () => {
    rt = await startTestRuntime({ sim: true, workers: 1 });
    t = await newTenant(rt, "demo-kinds");
    sessionId = await newSession(rt, t);
    phone = (await get("/v1/demo")).phones[0].id;
    expect((await post(`/v1/sessions/${sessionId}/connect`, { method: "qr" })).status).toBe(202);
    const qr = await waitFor(
      "a QR",
      async () => (await get(`/v1/sessions/${sessionId}/qr`))?.qr as string | undefined,
      60_000,
    );
    expect((await post(`/v1/demo/phones/${phone}/scan`, { qr })).status).toBe(200);
    await waitFor("open", async () => (await get(`/v1/sessions/${sessionId}`)).status === "open", 60_000);
  }, 180_000);
  afterAll(async () => {
    await rt?.stop();
  }, 60_000);

  it("an image arrives with its caption, type and size, and downloads as the same bytes", async () => {
    const m = await sendFile(
      { type: "image", mimetype: "image/png", caption: "the receipt", width: 2, height: 2, pushName: "Greta" },
      randomBytes(40_000),
    );
    expect(m).toMatchObject({ type: "image", pushName: "Greta" });
    expect(m.content).toMatchObject({
      kind: "image",
      caption: "the receipt",
      mimetype: "image/png",
      width: 2,
      height: 2,
    });
  }, 90_000);

  it("a voice note arrives as audio marked voiceNote with its duration", async () => {
    const m = await sendFile({ type: "audio", voiceNote: true, seconds: 7 }, randomBytes(12_000));
    expect(m.content).toMatchObject({
      kind: "audio",
      voiceNote: true,
      durationSeconds: 7,
      mimetype: "audio/ogg; codecs=opus",
    });
  }, 90_000);

  it("a document arrives with its file name and caption", async () => {
    const m = await sendFile(
      { type: "document", mimetype: "application/pdf", fileName: "invoice-42.pdf", caption: "invoice" },
      Buffer.from("%PDF-1.4\n% not a real invoice\n"),
    );
    expect(m.content).toMatchObject({
      kind: "document",
      fileName: "invoice-42.pdf",
      caption: "invoice",
      mimetype: "application/pdf",
    });
  }, 90_000);

  it("a video and a sticker arrive as their kinds", async () => {
    const video = await sendFile({ type: "video", seconds: 3, caption: "unboxing" }, randomBytes(30_000));
    expect(video.content).toMatchObject({
      kind: "video",
      caption: "unboxing",
      durationSeconds: 3,
      mimetype: "video/mp4",
    });
    const sticker = await sendFile({ type: "sticker" }, randomBytes(5_000));
    expect(sticker.content).toMatchObject({ kind: "sticker", mimetype: "image/webp" });
  }, 90_000);

  it("a location and contact cards arrive with their fields", async () => {
    const loc = await contactSends({
      type: "location",
      latitude: 52.52,
      longitude: 13.405,
      name: "Shop",
      address: "Alexanderplatz 1, Berlin",
    });
    expect(loc.status).toBe(202);
    expect((await stored(loc.body.id)).content).toMatchObject({
      kind: "location",
      latitude: 52.52,
      longitude: 13.405,
      name: "Shop",
      address: "Alexanderplatz 1, Berlin",
    });
    const card = await contactSends({ type: "contact", contacts: [{ displayName: "Greta Shop", vcard: VCARD }] });
    expect(card.status).toBe(202);
    expect((await stored(card.body.id)).content).toMatchObject({
      kind: "contact",
      contacts: [{ displayName: "Greta Shop", vcard: VCARD }],
    });
  }, 90_000);

  it("a reply quotes the message it names, and a reaction lands on its target and can be taken back", async () => {
    const first = await contactSends({ text: "Where is my parcel?" });
    const target = await stored(first.body.id);
    const reply = await contactSends({ text: "Any news?", replyTo: first.body.id });
    expect(reply.status).toBe(202);
    expect((await stored(reply.body.id)).content).toMatchObject({
      kind: "text",
      text: "Any news?",
      quoted: { waMessageId: first.body.id, messageId: target.id, preview: "Where is my parcel?" },
    });

    expect((await contactSends({ type: "reaction", waMessageId: first.body.id, emoji: "👍" })).status).toBe(202);
    const reacted = await stored(first.body.id, (m) => (m.reactions ?? []).length > 0);
    expect(reacted.reactions).toEqual([expect.objectContaining({ emoji: "👍", senderJid: expect.any(String) })]);
    expect((await contactSends({ type: "reaction", waMessageId: first.body.id, emoji: "" })).status).toBe(202);
    await stored(first.body.id, (m) => (m.reactions ?? []).length === 0);
  }, 90_000);

  it("the contact edits and deletes its own messages; the stored copies show the edit and a tombstone", async () => {
    const typo = await contactSends({ text: "Teh parcel is here" });
    const target = await stored(typo.body.id);
    expect((await contactSends({ type: "edit", waMessageId: typo.body.id, text: "The parcel is here" })).status).toBe(
      202,
    );
    const edited = await stored(typo.body.id, (m) => m.edited === true);
    expect(edited).toMatchObject({ id: target.id, text: "The parcel is here", content: { kind: "text" } });

    expect((await contactSends({ type: "delete", waMessageId: typo.body.id })).status).toBe(202);
    const gone = await stored(typo.body.id, (m) => m.deleted === true);
    expect(gone.content).toEqual({ kind: "deleted" });
  }, 90_000);

  it("reads back a file the session sent as the contact's phone decrypted it, for the phone's tenant only", async () => {
    const bytes = randomBytes(20_000);
    const up = await post("/v1/media", { type: "image", mimetype: "image/jpeg", size: bytes.length });
    expect(up.status).toBe(201);
    const put = await fetch(up.body.uploadUrl, { method: "PUT", headers: up.body.headers, body: bytes });
    expect(put.status).toBe(200);
    const sent = await post(`/v1/sessions/${sessionId}/messages`, {
      to: `+${CONTACT}`,
      type: "image",
      mediaId: up.body.mediaId,
    });
    expect(sent.status).toBe(202);
    const out = await waitFor(
      "the image sent",
      async () => {
        const m = await get(`/v1/sessions/${sessionId}/messages/${sent.body.id}`);
        return ["sent", "delivered", "read"].includes(m.status) ? (m as Stored) : null;
      },
      60_000,
    );
    const path = `/v1/demo/phones/${phone}/messages/${out.waMessageId}/media`;
    const res = await fetch(`${rt.url}${path}`, { headers: { authorization: `Bearer ${t.key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);

    const other = await newTenant(rt, "demo-kinds-reader");
    const foreign = await api().call("GET", path, { key: other.key });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("not_found");
    const unknown = await api().call("GET", `/v1/demo/phones/${phone}/messages/3EB0000000000000DEAD/media`, {
      key: t.key,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
  }, 90_000);

  it("a reply, reaction, edit or delete naming a message the chat does not have is 404", async () => {
    for (const body of [
      { text: "?", replyTo: "3EB0000000000000DEAD" },
      { type: "reaction", waMessageId: "3EB0000000000000DEAD", emoji: "👍" },
      { type: "edit", waMessageId: "3EB0000000000000DEAD", text: "x" },
      { type: "delete", waMessageId: "3EB0000000000000DEAD" },
    ]) {
      const res = await contactSends(body);
      expect(res.status, JSON.stringify(body)).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
  });

  it("another tenant's phone is 404 for every kind, and its contacts send nothing", async () => {
    const other = await newTenant(rt, "demo-kinds-other");
    /** what contacts sent the phone, as the simulator recorded it (at once, before any delivery) */
    const inbox = async () =>
      ((await (await fetch(`${rt.sim!.adminUrl}/accounts/${phone}/inbox`)).json()) as { messages: unknown[] }).messages
        .length;
    expect((await contactSends({ text: "the owner's contact writes" })).status).toBe(202);
    const before = await inbox();
    expect(before).toBeGreaterThan(0);
    for (const body of [
      { type: "image", data: randomBytes(100).toString("base64") },
      { type: "location", latitude: 1, longitude: 2 },
      { type: "reaction", waMessageId: "3EB0000000000000DEAD", emoji: "👍" },
    ]) {
      const res = await contactSends(body, other.key);
      expect(res.status, JSON.stringify(body)).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect(await inbox()).toBe(before);
  });

  it.each([
    ["a file without its bytes", { type: "image" }, "body.data"],
    ["bytes that are not base64", { type: "image", data: "not base64!" }, "body.data"],
    [
      "a file over the demo limit",
      { type: "document", data: "A".repeat(Math.ceil(DEMO_MEDIA_MAX_BYTES / 3) * 4 + 4) },
      "body.data",
    ],
    ["a type the kind does not take", { type: "image", data: "AAAA", mimetype: "application/pdf" }, "body.mimetype"],
    ["a caption on a voice note", { type: "audio", data: "AAAA", caption: "hi" }, "body.caption"],
    ["a latitude off the globe", { type: "location", latitude: 91, longitude: 0 }, "body.latitude"],
    [
      "a contact card that is no vCard",
      { type: "contact", contacts: [{ displayName: "x", vcard: "hi" }] },
      "body.contacts.0.vcard",
    ],
    ["a reaction without its target", { type: "reaction", emoji: "👍" }, "body.waMessageId"],
    ["a Wharf id where the phone needs a WhatsApp id", { text: "hi", replyTo: "msg_01ABC" }, "body.replyTo"],
    ["an unknown kind", { type: "poll", text: "hi" }, "body.type"],
    ["an edit without text", { type: "edit", waMessageId: "3EB0AA" }, "body.text"],
    ["a delete without its target", { type: "delete" }, "body.waMessageId"],
  ])("answers 400 naming the field for %s", async (_name, json, field) => {
    const res = await contactSends(json);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });
});
