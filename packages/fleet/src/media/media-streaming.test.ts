import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { createS3MediaObjects } from "@wharf/aws";
import { useTestStack } from "@wharf/aws/testing";
import type { MediaSource } from "@wharf/contracts";
import { type MediaObjects, newId } from "@wharf/core";
import { simulatorMediaCaPem } from "@wharf/wa-sim";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waMessageIdFor } from "../session/wa-message-id";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";

// Files larger than fauxqs takes in one PUT (~11 MiB): only a streamed, multipart path stores them.
const stack = useTestStack();
const bucket = createS3MediaObjects(stack.s3, stack.mediaBucket);
/** keys whose stored length is reported right but whose stream carries more bytes (a changed object) */
const overlong = new Set<string>();
const objects: MediaObjects = {
  put: (key, body, type) => bucket.put(key, body, type),
  async getStream(key) {
    const o = await bucket.getStream(key);
    if (!o || !overlong.has(key)) return o;
    async function* more() {
      yield* o!.body;
      yield Buffer.alloc(1024 * 1024);
    }
    return { ...o, body: Readable.from(more()) };
  },
};
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;
let account: ReturnType<typeof sim.createAccount>;
let s: { tenantId: string; sessionId: string };

const CONTACT = "4915100000777";
const CHAT = `${CONTACT}@s.whatsapp.net`;
const MB = 1024 * 1024;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("base64");

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  h.media = { objects, caPem: simulatorMediaCaPem() };
  await h.startWorker({ media: { ...h.settings().media, maxInboundBytes: 14 * MB } });
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

async function storedHash(key: string): Promise<{ size: number; sha256: string }> {
  const o = await bucket.getStream(key);
  if (!o) throw new Error(`nothing stored under ${key}`);
  const hash = createHash("sha256");
  let size = 0;
  for await (const c of o.body) {
    hash.update(c);
    size += c.length;
  }
  return { size, sha256: hash.digest("base64") };
}

/** Puts `bytes` in the bucket in 1 MiB pieces (a stream: fauxqs refuses one PUT this large). */
async function upload(bytes: Buffer, mimetype: string): Promise<MediaSource> {
  const mediaId = newId("media");
  const key = `tenants/${s.tenantId}/uploads/${mediaId}`;
  async function* pieces() {
    for (let i = 0; i < bytes.length; i += MB) yield bytes.subarray(i, i + MB);
  }
  await bucket.put(key, pieces(), mimetype);
  return { kind: "upload", mediaId, key, mimetype, size: bytes.length };
}

describe("media streamed through the worker", () => {
  it("stores a contact's 12 MB video as it downloads, with the size and sha256 of the bytes sent", async () => {
    const bytes = randomBytes(12 * MB + 321);
    const sent = sim.chat.send(account.id, CONTACT, { type: "video", bytes, mimetype: "video/mp4" });
    const e = await h.events.waitFor(s.sessionId, "message.received", (m) => m.data.waMessageId === sent.id, {
      timeoutMs: 60_000,
    });
    const content = e.data.content as { size?: number; sha256?: string; storageKey?: string };
    expect(content).toMatchObject({ size: bytes.length, sha256: sha(bytes) });
    expect(await storedHash(String(content.storageKey))).toEqual({ size: bytes.length, sha256: sha(bytes) });
  });

  it("reports a contact's file over the worker's limit as too large and stores nothing", async () => {
    const sent = sim.chat.send(account.id, CONTACT, {
      type: "document",
      bytes: randomBytes(15 * MB),
      mimetype: "application/pdf",
      fileName: "big.pdf",
    });
    const e = await h.events.waitFor(s.sessionId, "message.received", (m) => m.data.waMessageId === sent.id, {
      timeoutMs: 60_000,
    });
    expect(e.data.content).toMatchObject({ kind: "document", unavailableReason: "too_large" });
    expect((e.data.content as { storageKey?: string }).storageKey).toBeUndefined();
  });

  it("sends a 15 MB video out of the bucket that the phone decrypts to the same bytes", async () => {
    const bytes = randomBytes(15 * MB + 11);
    const messageId = newId("message");
    const content = { type: "video" as const, media: await upload(bytes, "video/mp4") };
    await h.command(s, "message.send", { messageId, to: CHAT, content });
    const e = await h.events.waitFor(
      s.sessionId,
      "message.status",
      (m) => m.data.messageId === messageId && (m.data.status === "sent" || m.data.status === "failed"),
      { timeoutMs: 60_000 },
    );
    expect(e.data).toMatchObject({ status: "sent" });
    const waMessageId = waMessageIdFor(messageId);
    await expect
      .poll(() => sim.received(account.id).find((r) => r.id === waMessageId)?.decoded?.media?.verified, {
        timeout: 30_000,
      })
      .toBe(true);
    expect(sha(sim.chat.receivedMedia(account.id, waMessageId).bytes)).toBe(sha(bytes));
  });

  it("fails a send whose file streams past its declared size, and the phone gets nothing", async () => {
    const media = await upload(randomBytes(2 * MB), "image/jpeg");
    if (media.kind === "upload") overlong.add(media.key);
    const messageId = newId("message");
    await h.command(s, "message.send", { messageId, to: CHAT, content: { type: "image", media } });
    const e = await h.events.waitFor(
      s.sessionId,
      "message.status",
      (m) => m.data.messageId === messageId && (m.data.status === "sent" || m.data.status === "failed"),
    );
    expect(e.data).toMatchObject({ status: "failed", failure: { code: "media_not_found" } });
    expect(sim.received(account.id).find((r) => r.id === waMessageIdFor(messageId))).toBeUndefined();
  });
});
