import { proto } from "@whiskeysockets/baileys";
import { randomBytes } from "node:crypto";
import { SimError } from "../errors";
import { encryptMedia, type ChatMediaType } from "../media/crypto";
import type { SimContext } from "../server/context";
import type { Account, InboundRecord } from "../state/types";
import { sendFromContact, type SendTextOptions } from "./inbound";
import type { MessageKind } from "./kinds";

/** A file a contact sends: the bytes given, or `generatedBytes` random ones. */
export interface ContactMediaInput {
  type: ChatMediaType;
  bytes?: Buffer;
  /** Size of random bytes to send when `bytes` is absent (default 2048). */
  generatedBytes?: number;
  mimetype?: string;
  caption?: string;
  /** Documents: the file name shown. */
  fileName?: string;
  /** Audio: a voice note (push-to-talk). */
  ptt?: boolean;
  seconds?: number;
  width?: number;
  height?: number;
}

/** Everything a contact can send (the admin API's `type` union). */
export type ContactContent =
  | { type: "text"; text: string }
  | ContactMediaInput
  | { type: "location"; latitude: number; longitude: number; name?: string; address?: string }
  | { type: "contact"; contacts: Array<{ displayName: string; vcard: string }> }
  | { type: "reaction"; targetId: string; emoji: string }
  | { type: "edit"; targetId: string; text: string }
  | { type: "revoke"; targetId: string };

export interface ContactSendOptions extends SendTextOptions {
  /** Reply to this message of the chat (the account's or the contact's own). */
  replyTo?: string;
}

const DEFAULT_MIMETYPES: Record<ChatMediaType, string> = {
  image: "image/jpeg",
  video: "video/mp4",
  audio: "audio/ogg; codecs=opus",
  document: "application/octet-stream",
  sticker: "image/webp",
};

const MEDIA_FIELD: Record<ChatMediaType, keyof proto.IMessage> = {
  image: "imageMessage",
  video: "videoMessage",
  audio: "audioMessage",
  document: "documentMessage",
  sticker: "stickerMessage",
};

export const toJson = (message: proto.IMessage): Record<string, unknown> =>
  proto.Message.toObject(proto.Message.fromObject(message), { bytes: String, longs: Number }) as Record<
    string,
    unknown
  >;

const accountJid = (account: Account): string => `${account.phone}@s.whatsapp.net`;

/** The quoted message and its author, from the phone's view of the chat with `pn`. */
function quoteOf(account: Account, pn: string, messageId: string): proto.IContextInfo {
  const own = account.received.find((r) => r.id === messageId && r.to === pn);
  if (own) {
    return {
      stanzaId: messageId,
      participant: accountJid(account),
      quotedMessage: proto.Message.fromObject(own.message),
    };
  }
  const theirs = account.inbox.find((r) => r.id === messageId && r.from === pn);
  if (!theirs) throw new SimError("message_not_found", `no message ${messageId} in this chat`);
  return {
    stanzaId: messageId,
    participant: `${pn}@s.whatsapp.net`,
    quotedMessage: theirs.content ? proto.Message.fromObject(theirs.content) : { conversation: theirs.text },
  };
}

/** Encrypts a file like a phone would, stores it on the media host and describes it for the message. */
function mediaMessage(ctx: SimContext, input: ContactMediaInput, contextInfo?: proto.IContextInfo): proto.IMessage {
  const server = ctx.media.server;
  if (!server) throw new SimError("not_found", "the media host is not listening");
  const bytes = input.bytes ?? randomBytes(input.generatedBytes ?? 2048);
  const enc = encryptMedia(bytes, input.type);
  const directPath = ctx.media.store.put(input.type, enc.encrypted);
  const body = {
    url: `${server.origin}${directPath}&mms3=true`,
    directPath,
    mediaKey: enc.mediaKey,
    fileSha256: enc.fileSha256,
    fileEncSha256: enc.fileEncSha256,
    fileLength: enc.fileLength,
    mimetype: input.mimetype ?? DEFAULT_MIMETYPES[input.type],
    mediaKeyTimestamp: Math.floor(Date.now() / 1000),
    ...(input.caption !== undefined && input.type !== "audio" && input.type !== "sticker"
      ? { caption: input.caption }
      : {}),
    ...(input.type === "document" ? { fileName: input.fileName ?? "file", title: input.fileName ?? "file" } : {}),
    ...(input.type === "audio" ? { ptt: input.ptt ?? false, seconds: input.seconds ?? 1 } : {}),
    ...(input.type === "video" ? { seconds: input.seconds ?? 1 } : {}),
    ...(input.width !== undefined ? { width: input.width } : {}),
    ...(input.height !== undefined ? { height: input.height } : {}),
    ...(contextInfo ? { contextInfo } : {}),
  };
  return { [MEDIA_FIELD[input.type]]: body };
}

export function buildContent(
  ctx: SimContext,
  account: Account,
  pn: string,
  input: ContactContent,
  replyTo?: string,
): proto.IMessage {
  const contextInfo = replyTo ? quoteOf(account, pn, replyTo) : undefined;
  const withContext = <T extends object>(body: T) => (contextInfo ? { ...body, contextInfo } : body);
  switch (input.type) {
    case "text":
      return contextInfo ? { extendedTextMessage: { text: input.text, contextInfo } } : { conversation: input.text };
    case "location":
      return {
        locationMessage: withContext({
          degreesLatitude: input.latitude,
          degreesLongitude: input.longitude,
          ...(input.name ? { name: input.name } : {}),
          ...(input.address ? { address: input.address } : {}),
        }),
      };
    case "contact": {
      const [first, ...more] = input.contacts;
      if (!first) throw new SimError("invalid_body", "at least one contact card");
      if (!more.length) return { contactMessage: withContext(first) };
      return {
        contactsArrayMessage: withContext({
          displayName: `${input.contacts.length} contacts`,
          contacts: input.contacts,
        }),
      };
    }
    case "reaction": {
      // The key is in the reacting contact's view: fromMe when it reacts to its own message.
      const fromMe = ownMessage(account, pn, input.targetId);
      const key = { remoteJid: accountJid(account), fromMe, id: input.targetId };
      return { reactionMessage: { key, text: input.emoji, senderTimestampMs: Date.now() } };
    }
    case "edit":
    case "revoke": {
      if (!ownMessage(account, pn, input.targetId)) {
        throw new SimError("message_not_found", `the contact sent no message ${input.targetId} to edit or revoke`);
      }
      const key = { remoteJid: accountJid(account), fromMe: true, id: input.targetId };
      const { Type } = proto.Message.ProtocolMessage;
      return {
        protocolMessage:
          input.type === "edit"
            ? { key, type: Type.MESSAGE_EDIT, editedMessage: { conversation: input.text }, timestampMs: Date.now() }
            : { key, type: Type.REVOKE },
      };
    }
    default:
      return mediaMessage(ctx, input, contextInfo);
  }
}

/** True when `messageId` is the contact's own message in the chat; throws when the chat has no such message. */
function ownMessage(account: Account, pn: string, messageId: string): boolean {
  if (account.inbox.some((r) => r.id === messageId && r.from === pn)) return true;
  if (account.received.some((r) => r.id === messageId && r.to === pn)) return false;
  throw new SimError("message_not_found", `no message ${messageId} in this chat`);
}

/** A contact sends any kind of message to the account (queued like a text while the device is offline). */
export function sendContentFromContact(
  ctx: SimContext,
  account: Account,
  contactPn: string,
  input: ContactContent,
  options: ContactSendOptions = {},
): InboundRecord {
  ctx.directory.ensureContact(contactPn, options.pushName);
  const content = buildContent(ctx, account, contactPn, input, options.replyTo);
  const summary =
    input.type === "text" || input.type === "edit" ? input.text : "caption" in input ? (input.caption ?? "") : "";
  const kind: MessageKind = input.type;
  return sendFromContact(ctx, account, contactPn, summary, { ...options, kind, content: toJson(content) });
}
