import {
  QUOTE_PREVIEW_MAX,
  type MediaKind,
  type MediaSource,
  type OutboundContent,
  type QuoteRef,
  type QuotedMessage,
  type SendMessageBody,
  type StoredMessageContent,
  type WaMessageKey,
} from "@wharf/contracts";
import { UnavailableError, ValidationError } from "../errors";
import type { MediaDeps } from "../media/uploads";
import { uploadedMedia } from "../media/uploads";
import { checkMediaUrl } from "./media-urls";
import type { MessageStore } from "./ports";
import { contentText, type MessageRecord } from "./records";

export interface OutboundDeps {
  messages: MessageStore;
  /** uploads and the bucket; absent, media sends naming a mediaId answer 503 */
  media?: MediaDeps | undefined;
  /** only the local runtime: media URLs may name this machine (the worker's guard decides) */
  allowPrivateMediaUrls?: boolean | undefined;
}

/** What a send becomes: the command's content and what the store keeps. */
export interface ResolvedOutbound {
  content: OutboundContent;
  stored: StoredMessageContent;
}

/**
 * Resolves a send body for the owner: Wharf ids (replyTo, a reaction's target) become
 * WhatsApp keys, an upload is checked to be in the bucket as declared and within WhatsApp's
 * limit for the kind, a URL passes the SSRF guard's static checks (the worker resolves and
 * pins it). Throws 4xx errors with a machine code in the details.
 */
export async function resolveOutbound(
  deps: OutboundDeps,
  tenantId: string,
  sessionId: string,
  chatJid: string,
  body: SendMessageBody,
): Promise<ResolvedOutbound> {
  if (body.type === "reaction") {
    const target = await chatMessage(deps, tenantId, sessionId, chatJid, body.messageId, "body.messageId", "reaction");
    return {
      content: { type: "reaction", target: waKeyOf(target), emoji: body.emoji },
      stored: { kind: "reaction", emoji: body.emoji, targetWaMessageId: target.waMessageId as string },
    };
  }
  const quote = body.replyTo
    ? quoteOf(await chatMessage(deps, tenantId, sessionId, chatJid, body.replyTo, "body.replyTo", "reply"))
    : null;
  const quoted = quote ? { quoted: quote.ref } : {};
  const storedQuote = quote ? { quoted: quote.stored } : {};
  switch (body.type) {
    case "text":
      return {
        content: { type: "text", text: body.text, ...quoted },
        stored: { kind: "text", text: body.text, ...storedQuote },
      };
    case "location": {
      const place = {
        latitude: body.latitude,
        longitude: body.longitude,
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.address !== undefined ? { address: body.address } : {}),
      };
      return {
        content: { type: "location", ...place, ...quoted },
        stored: { kind: "location", ...place, ...storedQuote },
      };
    }
    case "contact": {
      const contacts = body.contacts.map((c) => ({ vcard: c.vcard, displayName: c.displayName ?? null }));
      return {
        content: { type: "contact", contacts, ...quoted },
        stored: { kind: "contact", contacts, ...storedQuote },
      };
    }
    default: {
      const file = await mediaSourceOf(deps, tenantId, body.type, body);
      const caption = "caption" in body && body.caption !== undefined ? { caption: body.caption } : {};
      const fileName =
        body.type === "document" ? { fileName: body.fileName ?? file.fileName ?? "document" } : ({} as const);
      const described = { ...file.descriptor, ...(body.type === "document" ? fileName : {}) };
      switch (body.type) {
        case "audio": {
          const voiceNote = body.voiceNote ?? false;
          return {
            content: { type: "audio", media: file.source, voiceNote, ...quoted },
            stored: { kind: "audio", voiceNote, ...described, ...storedQuote },
          };
        }
        case "sticker":
          return {
            content: { type: "sticker", media: file.source, ...quoted },
            stored: { kind: "sticker", ...described, ...storedQuote },
          };
        default:
          return {
            content: { type: body.type, media: file.source, ...caption, ...fileName, ...quoted },
            stored: { kind: body.type, ...caption, ...described, ...storedQuote },
          };
      }
    }
  }
}

/** A message of this chat that WhatsApp knows (it has WhatsApp's id) and that still exists. */
async function chatMessage(
  deps: OutboundDeps,
  tenantId: string,
  sessionId: string,
  chatJid: string,
  id: string,
  path: string,
  what: "reply" | "reaction",
): Promise<MessageRecord> {
  const issue = (message: string, code: string) => new ValidationError(message, [{ path, message, code }]);
  const target = await deps.messages.get(tenantId, sessionId, id);
  if (!target || target.chatJid !== chatJid)
    throw issue(
      `no message ${id} in this chat to ${what === "reply" ? "reply" : "react"} to`,
      `${what}_target_not_found`,
    );
  if (!target.waMessageId)
    throw issue(`message ${id} has not reached WhatsApp yet; wait for status sent`, `${what}_target_not_sent`);
  if (target.deletedAt || target.content.kind === "deleted")
    throw issue(`message ${id} was deleted`, `${what}_target_deleted`);
  return target;
}

export function waKeyOf(m: MessageRecord): WaMessageKey {
  const fromMe = m.direction === "out";
  return {
    chatJid: m.chatJid,
    waMessageId: m.waMessageId as string,
    fromMe,
    senderJid: !fromMe && m.chatJid.endsWith("@g.us") ? m.from : null,
  };
}

/** The start of a message's words, or its kind when it has none. */
export function quotePreview(m: MessageRecord): string {
  const text = contentText(m.content) ?? m.content.kind;
  return text.slice(0, QUOTE_PREVIEW_MAX);
}

function quoteOf(target: MessageRecord): { ref: QuoteRef; stored: QuotedMessage } {
  const preview = quotePreview(target);
  return {
    ref: { ...waKeyOf(target), preview },
    stored: {
      waMessageId: target.waMessageId as string,
      messageId: target.id as QuotedMessage["messageId"],
      senderJid: target.direction === "out" ? null : target.from,
      preview,
    },
  };
}

interface ResolvedFile {
  source: MediaSource;
  /** the descriptor fields the store keeps (bucket key, mimetype, size, name) */
  descriptor: { mimetype?: string; size?: number; fileName?: string | null; storageKey?: string };
  fileName: string | null;
}

async function mediaSourceOf(
  deps: OutboundDeps,
  tenantId: string,
  kind: MediaKind,
  body: { mediaId?: string | undefined; url?: string | undefined },
): Promise<ResolvedFile> {
  if (body.url !== undefined) {
    checkMediaUrl(body.url, "body.url", deps.allowPrivateMediaUrls ?? false);
    return { source: { kind: "url", url: body.url }, descriptor: {}, fileName: null };
  }
  if (!deps.media) throw new UnavailableError("media storage is not configured on this deployment", 60);
  const record = await uploadedMedia(deps.media, tenantId, body.mediaId as string, kind, "body.mediaId");
  return {
    source: {
      kind: "upload",
      mediaId: record.id as never,
      key: record.key,
      mimetype: record.mimetype,
      size: record.size,
    },
    descriptor: {
      mimetype: record.mimetype,
      size: record.size,
      ...(record.fileName ? { fileName: record.fileName } : {}),
      storageKey: record.key,
    },
    fileName: record.fileName,
  };
}
