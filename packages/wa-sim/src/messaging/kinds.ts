import { getContentType, normalizeMessageContent, proto } from "@whiskeysockets/baileys";
import { createHash } from "node:crypto";
import { decryptAndVerify, MediaVerificationError, type ChatMediaType } from "../media/crypto";
import type { SimContext } from "../server/context";
import type { Account } from "../state/types";

/** What a message is, as the receiving phone sees it. */
export type MessageKind =
  | "text"
  | "image"
  | "video"
  | "audio"
  | "document"
  | "sticker"
  | "location"
  | "contact"
  | "reaction"
  | "edit"
  | "revoke"
  | "unsupported";

/** A media attachment a phone downloaded: its checks, and (when they passed) the plaintext's hash. */
export interface ReceivedMedia {
  mediaType: ChatMediaType;
  mimetype: string | null;
  fileLength: number | null;
  /** sha256 (hex) of the decrypted bytes; set only when every check passed. */
  sha256: string | null;
  verified: boolean;
  /** Why verification failed: not_found, enc_hash_mismatch, mac_mismatch, decrypt_failed, hash_mismatch, length_mismatch. */
  error: string | null;
  fileName: string | null;
  /** Voice note flag of audio. */
  ptt: boolean;
  seconds: number | null;
  width: number | null;
  height: number | null;
}

/** A message the account sent, decoded by kind (the admin API's `decoded`). */
export interface DecodedMessage {
  kind: MessageKind;
  /** Text, or a media caption. */
  text: string | null;
  /** The message id this one replies to (contextInfo.stanzaId). */
  quotedId: string | null;
  media: ReceivedMedia | null;
  location: { latitude: number; longitude: number; name: string | null; address: string | null } | null;
  contacts: Array<{ displayName: string; vcard: string }> | null;
  /** reaction / edit / revoke: the message acted on. */
  targetId: string | null;
  /** reaction: the emoji, "" when the reaction is removed. */
  emoji: string | null;
  /** edit: the new text. */
  editedText: string | null;
  /** unsupported: the raw WhatsApp content type. */
  rawType: string | null;
}

const MEDIA_FIELDS: Record<ChatMediaType, keyof proto.IMessage> = {
  image: "imageMessage",
  video: "videoMessage",
  audio: "audioMessage",
  document: "documentMessage",
  sticker: "stickerMessage",
};

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const empty = (kind: MessageKind): DecodedMessage => ({
  kind,
  text: null,
  quotedId: null,
  media: null,
  location: null,
  contacts: null,
  targetId: null,
  emoji: null,
  editedText: null,
  rawType: null,
});

const textOf = (m: proto.IMessage | null | undefined): string | null =>
  m?.conversation ?? m?.extendedTextMessage?.text ?? null;

/**
 * Decodes a message from the account's client as the contact's phone would: by kind, with media
 * downloaded from the media host and checked (fileEncSha256, MAC, decryption with the mediaKey,
 * fileSha256, length); verified plaintext is kept for the admin API.
 */
export function decodeMessage(ctx: SimContext, account: Account, id: string, raw: proto.IMessage): DecodedMessage {
  const message = normalizeMessageContent(raw) ?? raw;
  const type = getContentType(message);
  const content = type ? (message[type] as { contextInfo?: proto.IContextInfo | null } | undefined) : undefined;
  const quotedId = content?.contextInfo?.stanzaId ?? null;
  if (type === "conversation" || type === "extendedTextMessage") {
    return { ...empty("text"), text: textOf(message), quotedId };
  }
  for (const [mediaType, field] of Object.entries(MEDIA_FIELDS) as Array<[ChatMediaType, keyof proto.IMessage]>) {
    if (type !== field) continue;
    const media = message[field] as proto.Message.IImageMessage &
      proto.Message.IAudioMessage &
      proto.Message.IDocumentMessage;
    return {
      ...empty(mediaType),
      text: media.caption ?? null,
      quotedId,
      media: verifyMedia(ctx, account, id, mediaType, media),
    };
  }
  if (type === "locationMessage") {
    const loc = message.locationMessage!;
    return {
      ...empty("location"),
      quotedId,
      location: {
        latitude: loc.degreesLatitude ?? 0,
        longitude: loc.degreesLongitude ?? 0,
        name: loc.name ?? null,
        address: loc.address ?? null,
      },
    };
  }
  if (type === "contactMessage" || type === "contactsArrayMessage") {
    const list = message.contactsArrayMessage?.contacts ?? [message.contactMessage!];
    return {
      ...empty("contact"),
      quotedId,
      contacts: list.map((c) => ({ displayName: c.displayName ?? "", vcard: c.vcard ?? "" })),
    };
  }
  if (type === "reactionMessage") {
    const r = message.reactionMessage!;
    return { ...empty("reaction"), targetId: r.key?.id ?? null, emoji: r.text ?? "" };
  }
  if (type === "protocolMessage") {
    const p = message.protocolMessage!;
    if (p.type === proto.Message.ProtocolMessage.Type.REVOKE)
      return { ...empty("revoke"), targetId: p.key?.id ?? null };
    if (p.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT) {
      return { ...empty("edit"), targetId: p.key?.id ?? null, editedText: textOf(p.editedMessage) };
    }
  }
  return { ...empty("unsupported"), quotedId, rawType: type ?? null };
}

function verifyMedia(
  ctx: SimContext,
  account: Account,
  id: string,
  mediaType: ChatMediaType,
  media: proto.Message.IImageMessage & proto.Message.IAudioMessage & proto.Message.IDocumentMessage,
): ReceivedMedia {
  const result: ReceivedMedia = {
    mediaType,
    mimetype: media.mimetype ?? null,
    fileLength: num(media.fileLength),
    sha256: null,
    verified: false,
    error: null,
    fileName: media.fileName ?? null,
    ptt: media.ptt === true,
    seconds: num(media.seconds),
    width: num(media.width),
    height: num(media.height),
  };
  const blob = ctx.media.store.get(media.directPath ?? media.url ?? "");
  if (!blob || !media.mediaKey) return { ...result, error: blob ? "no_media_key" : "not_found" };
  try {
    const bytes = decryptAndVerify(blob.encrypted, mediaType, {
      mediaKey: media.mediaKey,
      fileEncSha256: media.fileEncSha256,
      fileSha256: media.fileSha256,
      fileLength: result.fileLength,
    });
    ctx.media.store.rememberReceived(account.id, id, { bytes, mimetype: result.mimetype ?? undefined });
    return { ...result, verified: true, sha256: createHash("sha256").update(bytes).digest("hex") };
  } catch (err) {
    if (err instanceof MediaVerificationError) return { ...result, error: err.reason };
    throw err;
  }
}

/**
 * Applies what the account's edit, revoke or reaction means to the phone's copy of the target:
 * its own earlier message (edited text, revoked) or a contact's message (the account's reaction).
 */
export function applyToTarget(account: Account, decoded: DecodedMessage): void {
  if (!decoded.targetId) return;
  const own = account.received.find((r) => r.id === decoded.targetId);
  if (decoded.kind === "edit" && own) own.editedText = decoded.editedText ?? undefined;
  if (decoded.kind === "revoke" && own) own.revoked = true;
  if (decoded.kind === "reaction") {
    const target = own ?? account.inbox.find((r) => r.id === decoded.targetId);
    if (target) target.reaction = decoded.emoji || undefined;
  }
}
