import { downloadMediaMessage } from "@whiskeysockets/baileys";
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "./simulator";
import { createTrustedSimulator, linkByQr, testMediaTrust, type SimClient } from "./testing";

let sim: Simulator;
const clients: SimClient[] = [];

beforeAll(async () => {
  sim = await createTrustedSimulator();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await sim.close();
});

const linkedAccount = async (): Promise<{ id: string; client: SimClient }> => {
  const account = sim.createAccount();
  const client = await linkByQr(sim, account.id);
  clients.push(client);
  return { id: account.id, client };
};

const sha256 = (data: Uint8Array): string => createHash("sha256").update(data).digest("hex");

describe("media the account sends", () => {
  it("is uploaded over HTTPS, downloaded by the contact's phone, verified and decrypted to the same bytes", async () => {
    const { id, client } = await linkedAccount();
    const cases = [
      { content: { image: randomBytes(5000), caption: "receipt", jpegThumbnail: "" }, kind: "image" },
      {
        content: { audio: randomBytes(3000), ptt: true, seconds: 3, mimetype: "audio/ogg; codecs=opus" },
        kind: "audio",
      },
      {
        content: { document: randomBytes(7000), fileName: "invoice.pdf", mimetype: "application/pdf" },
        kind: "document",
      },
      { content: { video: randomBytes(9000), jpegThumbnail: "", seconds: 2 }, kind: "video" },
      { content: { sticker: randomBytes(1200) }, kind: "sticker" },
    ] as const;
    for (const { content, kind } of cases) {
      const bytes = Object.values(content)[0] as Buffer;
      const sent = await client.sock.sendMessage("4915123400001@s.whatsapp.net", content as never);
      const messageId = sent!.key.id!;
      await expect.poll(() => sim.received(id).find((m) => m.id === messageId)?.decoded?.kind).toBe(kind);
      const record = sim.received(id).find((m) => m.id === messageId)!;
      expect(record.decoded?.media).toMatchObject({
        verified: true,
        error: null,
        sha256: sha256(bytes),
        fileLength: bytes.length,
      });
      expect(sim.chat.receivedMedia(id, messageId).bytes.equals(bytes)).toBe(true);
    }
    const [image, audio, document] = sim.received(id);
    expect(image?.decoded).toMatchObject({ text: "receipt", media: { mediaType: "image", mimetype: "image/jpeg" } });
    expect(audio?.decoded?.media).toMatchObject({ ptt: true, seconds: 3 });
    expect(document?.decoded?.media).toMatchObject({ fileName: "invoice.pdf", mimetype: "application/pdf" });
  });
});

describe("media a contact sends", () => {
  it("arrives in messages.upsert, of every kind, and downloadMediaMessage yields the same bytes", async () => {
    const { id, client } = await linkedAccount();
    const bytes = randomBytes(20_000);
    const sent = sim.chat.send(id, "4915123400002", { type: "image", bytes, caption: "look", mimetype: "image/png" });
    const { message } = await client.waitForMessage((u) => u.message.key.id === sent.id);
    expect(message.message?.imageMessage).toMatchObject({ caption: "look", mimetype: "image/png" });
    const downloaded = await downloadMediaMessage(message, "buffer", testMediaTrust().downloadOptions);
    expect(Buffer.from(downloaded).equals(bytes)).toBe(true);

    const others = [
      { type: "video", field: "videoMessage", extra: { caption: "unboxing", seconds: 4 } },
      { type: "audio", field: "audioMessage", extra: { ptt: true, seconds: 7 } },
      { type: "document", field: "documentMessage", extra: { fileName: "receipt.pdf", mimetype: "application/pdf" } },
      { type: "sticker", field: "stickerMessage", extra: {} },
    ] as const;
    for (const { type, field, extra } of others) {
      const file = randomBytes(3000 + type.length);
      const out = sim.chat.send(id, "4915123400002", { type, bytes: file, ...extra });
      const got = await client.waitForMessage((u) => u.message.key.id === out.id);
      expect(got.message.message?.[field]).toMatchObject(extra);
      const back = await downloadMediaMessage(got.message, "buffer", testMediaTrust().downloadOptions);
      expect(sha256(back)).toBe(sha256(file));
    }
  });

  it("cannot be downloaded by a process that does not trust the simulator's CA (TLS error)", async () => {
    const { id, client } = await linkedAccount();
    const sent = sim.chat.send(id, "4915123400003", { type: "document", generatedBytes: 100, fileName: "a.bin" });
    const { message } = await client.waitForMessage((u) => u.message.key.id === sent.id);
    const failure = await downloadMediaMessage(message, "buffer", {}).then(
      () => undefined,
      (err: Error & { cause?: { code?: string } }) => err,
    );
    expect(failure?.cause?.code).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
  });
});
