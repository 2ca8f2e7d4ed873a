import type { AnyMessageContent, proto, WAMessage, WAMessageKey } from "@whiskeysockets/baileys";
import type { OutboundContent, QuoteRef, WaMessageKey } from "@wharf/contracts";
import type { ResolvedMedia } from "./outbound-media";

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
