import { createHash } from "node:crypto";
import { downloadMediaMessage, type WAMessage, type WASocket } from "@whiskeysockets/baileys";
import type { MessageContent } from "@wharf/contracts";
import { inboundMediaKey, type MediaObjects } from "@wharf/core";
import type { Logger } from "pino";
import type { MediaTrust } from "./media-trust";
import type { TransferSlots } from "./transfer-slots";

/** What storing a contact's file needs: the bucket, the media host's trust and the bounds. */
export interface InboundMediaDeps {
  /** null: no bucket configured; files are reported unavailable */
  objects: MediaObjects | null;
  trust: Pick<MediaTrust, "downloadOptions">;
  /** files WhatsApp declares larger than this are not downloaded (DESIGN §11: 100 MB documents) */
  maxInboundBytes: number;
  /** one deadline for a whole download (counted from when its slot is free) */
  downloadTimeoutMs: number;
  /** bounds the files in flight for the whole worker (memory) */
  inboundSlots: TransferSlots;
}

const MEDIA_KINDS = new Set(["image", "video", "audio", "document", "sticker"]);
type MediaContent = Extract<MessageContent, { kind: "image" | "video" | "audio" | "document" | "sticker" }>;

export function isMediaMessageContent(c: MessageContent): c is MediaContent {
  return MEDIA_KINDS.has(c.kind);
}

/** The object id of a message's file: the same message always lands on the same key. */
export function inboundMediaId(chatJid: string, senderJid: string, waMessageId: string): string {
  return createHash("sha256").update(`${chatJid}\0${senderJid}\0${waMessageId}`).digest("hex").slice(0, 40);
}

/** Why a contact's file was not stored, raised from inside the stream that stores it. */
class InboundFileError extends Error {
  constructor(readonly reason: "too_large" | "download_failed") {
    super(reason);
  }
}

/**
 * Downloads an inbound message's file with Baileys' decrypting download (hashes and MAC
 * checked by Baileys) as a stream, straight into the bucket under the session's prefix (a
 * multipart upload, a part at a time): size and sha256 are counted on the way, the file is
 * never held whole. A file that cannot be stored is reported with the reason, and nothing
 * partial is left in the bucket.
 */
export async function storeInboundMedia(
  deps: InboundMediaDeps,
  at: { tenantId: string; sessionId: string; chatJid: string; senderJid: string },
  msg: WAMessage,
  content: MediaContent,
  sock: WASocket,
  logger: Logger,
): Promise<MediaContent> {
  const { objects, maxInboundBytes } = deps;
  if (!objects) return { ...content, unavailableReason: "no_media_bucket" };
  if ((content.size ?? 0) > maxInboundBytes) return { ...content, unavailableReason: "too_large" };
  return deps.inboundSlots.run(() => transfer(deps, objects, at, msg, content, sock, logger));
}

async function transfer(
  deps: InboundMediaDeps,
  objects: MediaObjects,
  at: { tenantId: string; sessionId: string; chatJid: string; senderJid: string },
  msg: WAMessage,
  content: MediaContent,
  sock: WASocket,
  logger: Logger,
): Promise<MediaContent> {
  const { maxInboundBytes } = deps;
  let download: AsyncIterable<Uint8Array> & { destroy(): void };
  try {
    const options = { ...deps.trust.downloadOptions.options, signal: AbortSignal.timeout(deps.downloadTimeoutMs) };
    download = await downloadMediaMessage(
      msg,
      "stream",
      { options },
      { logger, reuploadRequest: (m) => sock.updateMediaMessage(m) },
    );
  } catch (err) {
    logger.warn({ err, kind: content.kind }, "downloading an inbound file failed");
    return { ...content, unavailableReason: "download_failed" };
  }
  const hash = createHash("sha256");
  let size = 0;
  async function* counted() {
    try {
      for await (const chunk of download) {
        size += chunk.length;
        // WhatsApp's declared length may be missing or wrong: the limit holds on the bytes
        if (size > maxInboundBytes) throw new InboundFileError("too_large");
        hash.update(chunk);
        yield chunk;
      }
    } catch (err) {
      if (err instanceof InboundFileError) throw err;
      logger.warn({ err, kind: content.kind }, "downloading an inbound file failed");
      throw new InboundFileError("download_failed");
    } finally {
      download.destroy();
    }
  }
  const key = inboundMediaKey(at.tenantId, at.sessionId, inboundMediaId(at.chatJid, at.senderJid, msg.key.id ?? ""));
  const mimetype = content.mimetype ?? "application/octet-stream";
  try {
    await objects.put(key, counted(), mimetype);
  } catch (err) {
    if (err instanceof InboundFileError) return { ...content, unavailableReason: err.reason };
    logger.warn({ err, kind: content.kind }, "storing an inbound file failed");
    return { ...content, unavailableReason: "store_failed" };
  }
  return { ...content, mimetype, size, sha256: hash.digest("base64"), storageKey: key };
}
