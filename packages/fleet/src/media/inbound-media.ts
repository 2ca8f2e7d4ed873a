import { createHash } from "node:crypto";
import { downloadMediaMessage, type WAMessage, type WASocket } from "@whiskeysockets/baileys";
import type { MessageContent } from "@wharf/contracts";
import { inboundMediaKey, type MediaObjects } from "@wharf/core";
import type { Logger } from "pino";
import type { MediaTrust } from "./media-trust";

/** What storing a contact's file needs: the bucket, the media host's trust and the bounds. */
export interface InboundMediaDeps {
  /** null: no bucket configured; files are reported unavailable */
  objects: MediaObjects | null;
  trust: Pick<MediaTrust, "downloadOptions">;
  /** files WhatsApp declares larger than this are not downloaded (DESIGN §11: 100 MB documents) */
  maxInboundBytes: number;
  /** one deadline for a whole download */
  downloadTimeoutMs: number;
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

/**
 * Downloads an inbound message's file with Baileys' decrypting download (hashes and MAC
 * checked by Baileys), stores it under the session's prefix and returns the content with
 * where it lives and what it is; a file that cannot be stored is reported with the reason.
 */
export async function storeInboundMedia(
  deps: InboundMediaDeps,
  at: { tenantId: string; sessionId: string; chatJid: string; senderJid: string },
  msg: WAMessage,
  content: MediaContent,
  sock: WASocket,
  logger: Logger,
): Promise<MediaContent> {
  if (!deps.objects) return { ...content, unavailableReason: "no_media_bucket" };
  if ((content.size ?? 0) > deps.maxInboundBytes) return { ...content, unavailableReason: "too_large" };
  let bytes: Buffer;
  try {
    const options = { ...deps.trust.downloadOptions.options, signal: AbortSignal.timeout(deps.downloadTimeoutMs) };
    bytes = await downloadMediaMessage(
      msg,
      "buffer",
      { options },
      { logger, reuploadRequest: (m) => sock.updateMediaMessage(m) },
    );
  } catch (err) {
    logger.warn({ err, kind: content.kind }, "downloading an inbound file failed");
    return { ...content, unavailableReason: "download_failed" };
  }
  if (bytes.length > deps.maxInboundBytes) return { ...content, unavailableReason: "too_large" };
  const key = inboundMediaKey(at.tenantId, at.sessionId, inboundMediaId(at.chatJid, at.senderJid, msg.key.id ?? ""));
  const mimetype = content.mimetype ?? "application/octet-stream";
  try {
    await deps.objects.put(key, bytes, mimetype);
  } catch (err) {
    logger.warn({ err, kind: content.kind }, "storing an inbound file failed");
    return { ...content, unavailableReason: "store_failed" };
  }
  return {
    ...content,
    mimetype,
    size: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("base64"),
    storageKey: key,
  };
}
