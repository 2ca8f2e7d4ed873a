import type { AnyMessageContent, proto, WAMessage, WAMessageKey } from "@whiskeysockets/baileys";
import { isMediaContent, type OutboundContent, type QuoteRef, type WaMessageKey } from "@wharf/contracts";
import { MediaSourceError, type OutboundMediaDeps, type ResolvedMedia, resolveMediaSource } from "./outbound-media";

/** Wharf's message key → Baileys' (participant only in groups, for messages of others). */
export function baileysKey(k: WaMessageKey): WAMessageKey {
  return {
    remoteJid: k.chatJid,
    id: k.waMessageId,
    fromMe: k.fromMe,
    ...(k.senderJid && !k.fromMe ? { participant: k.senderJid } : {}),
  };
}

/** What Baileys quotes: the key and the preview as the quoted message's text. */
export function quotedMessage(q: QuoteRef): WAMessage {
  return { key: baileysKey(q), message: { conversation: q.preview ?? "" } as proto.IMessage };
}

type MediaContent = Extract<OutboundContent, { media: unknown }>;

/** A send's content as Baileys' sendMessage takes it; `media` is the opened file of media kinds. */
export function baileysContent(content: OutboundContent, media: ResolvedMedia | null): AnyMessageContent {
  switch (content.type) {
    case "text":
      return { text: content.text };
    case "location":
      return {
        location: {
          degreesLatitude: content.latitude,
          degreesLongitude: content.longitude,
          ...(content.name ? { name: content.name } : {}),
          ...(content.address ? { address: content.address } : {}),
        },
      };
    case "contact":
      return {
        contacts: {
          displayName: content.contacts.length === 1 ? (content.contacts[0]?.displayName ?? undefined) : undefined,
          contacts: content.contacts.map((c) => ({ displayName: c.displayName ?? undefined, vcard: c.vcard })),
        },
      };
    case "reaction":
      return { react: { text: content.emoji, key: baileysKey(content.target) } };
    default:
      return mediaContent(content, mustHave(media));
  }
}

function mustHave(media: ResolvedMedia | null): ResolvedMedia {
  if (!media) throw new Error("a media kind is sent with its file");
  return media;
}

function mediaContent(content: MediaContent, media: ResolvedMedia): AnyMessageContent {
  const { data, mimetype } = media;
  switch (content.type) {
    case "image":
      return { image: data, mimetype, ...(content.caption ? { caption: content.caption } : {}) };
    case "video":
      return { video: data, mimetype, ...(content.caption ? { caption: content.caption } : {}) };
    case "document":
      return {
        document: data,
        mimetype,
        fileName: content.fileName ?? "document",
        ...(content.caption ? { caption: content.caption } : {}),
      };
    case "audio":
      return { audio: data, mimetype, ptt: content.voiceNote };
    case "sticker":
      return { sticker: data, mimetype };
  }
}

/**
 * What Baileys is given for a send of any kind (DESIGN §11): its content with the file opened
 * (bucket or guarded URL; no media deps: `media_unavailable`), the quote, and how to let go of
 * a streamed file. Called only once pacing let the send go.
 */
export async function buildOutbound(
  deps: OutboundMediaDeps | undefined,
  content: OutboundContent,
): Promise<{ content: AnyMessageContent; options?: { quoted: WAMessage }; release?: () => void }> {
  let media: ResolvedMedia | null = null;
  if (isMediaContent(content)) {
    if (!deps) throw new MediaSourceError("media_unavailable", "this worker cannot send media");
    media = await resolveMediaSource(deps, content.type, content.media);
  }
  const quoted = "quoted" in content && content.quoted ? quotedMessage(content.quoted) : undefined;
  const stream = media && !Buffer.isBuffer(media.data) ? media.data.stream : null;
  return {
    content: baileysContent(content, media),
    ...(quoted ? { options: { quoted } } : {}),
    ...(stream ? { release: () => stream.destroy() } : {}),
  };
}
