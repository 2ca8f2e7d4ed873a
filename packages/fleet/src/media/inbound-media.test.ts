import { createHash, randomBytes } from "node:crypto";
import { readFile, unlink } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encryptedStream, type WAMessage, type WASocket } from "@whiskeysockets/baileys";
import { InMemoryMediaObjects } from "@wharf/core/testing";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InboundMediaDeps, storeInboundMedia } from "./inbound-media";
import { createMediaTrust } from "./media-trust";
import { createTransferSlots } from "./transfer-slots";

// A media host on loopback serving Baileys-encrypted files in 64 KB writes with backpressure,
// counting what it wrote before the client let go: a worker that held the whole file before
// checking it would have read it all.
const MB = 1024 * 1024;
let server: Server;
let origin = "";
const files = new Map<string, Buffer>();
const written = new Map<string, number>();

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const file = files.get(req.url ?? "");
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/octet-stream" });
    written.set(req.url!, 0);
    for (let at = 0; at < file.length && !res.destroyed; at += 64 * 1024) {
      const ok = res.write(file.subarray(at, at + 64 * 1024));
      written.set(req.url!, Math.min(file.length, at + 64 * 1024));
      if (!ok)
        await new Promise((r) => {
          res.once("drain", r);
          res.once("close", r);
        });
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** Encrypts `bytes` as WhatsApp does and hosts them; the message's declared length is `declared`. */
async function hosted(bytes: Buffer, declared: number): Promise<{ msg: WAMessage; path: string }> {
  const enc = await encryptedStream(bytes, "document");
  const path = `/f/${randomBytes(6).toString("hex")}`;
  files.set(path, await readFile(enc.encFilePath));
  await unlink(enc.encFilePath);
  const msg = {
    key: { remoteJid: "4915100000111@s.whatsapp.net", id: randomBytes(8).toString("hex"), fromMe: false },
    message: {
      documentMessage: {
        url: `${origin}${path}`,
        mediaKey: enc.mediaKey,
        fileSha256: enc.fileSha256,
        fileEncSha256: enc.fileEncSha256,
        fileLength: declared,
        mimetype: "application/pdf",
      },
    },
  } as WAMessage;
  return { msg, path };
}

const deps = (objects: InMemoryMediaObjects, maxInboundBytes: number): InboundMediaDeps => ({
  objects,
  trust: createMediaTrust(null),
  maxInboundBytes,
  downloadTimeoutMs: 10_000,
  inboundSlots: createTransferSlots(2),
});
const at = { tenantId: "ten_1", sessionId: "ses_1", chatJid: "4915100000111@s.whatsapp.net", senderJid: "x" };
const logger = pino({ level: "silent" });
const noSocket = {} as WASocket;

describe("storing a contact's file as it downloads", () => {
  it("stores the decrypted bytes with their size and sha256", async () => {
    const bytes = randomBytes(3 * MB + 5);
    const { msg } = await hosted(bytes, bytes.length);
    const objects = new InMemoryMediaObjects();
    const content = { kind: "document" as const, mimetype: "application/pdf", size: bytes.length };
    const got = await storeInboundMedia(deps(objects, 10 * MB), at, msg, content, noSocket, logger);
    expect(got).toMatchObject({ size: bytes.length, sha256: createHash("sha256").update(bytes).digest("base64") });
    expect(objects.objects.get(String(got.storageKey))?.body.equals(bytes)).toBe(true);
  });

  it("stops at the byte past the limit when the declared length understates the file, storing nothing", async () => {
    const bytes = randomBytes(32 * MB);
    const { msg, path } = await hosted(bytes, 1000);
    const objects = new InMemoryMediaObjects();
    const content = { kind: "document" as const, mimetype: "application/pdf", size: 1000 };
    const got = await storeInboundMedia(deps(objects, 1 * MB), at, msg, content, noSocket, logger);
    expect(got).toMatchObject({ unavailableReason: "too_large" });
    expect(got.storageKey).toBeUndefined();
    expect(objects.objects.size).toBe(0);
    // the download was let go of early (loopback socket buffers take a few MB): far from the
    // 32 MB a worker that held the file whole before checking it would have read
    expect(written.get(path)).toBeLessThan(12 * MB);
  });
});
