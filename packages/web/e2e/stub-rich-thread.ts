/**
 * A conversation holding every kind of content, for the UI smoke test: photo, sticker, voice
 * note, video-less document, location, contact card, a reply with a quote, reactions, an edited
 * and a deleted message, and a kind Wharf does not model. Files are data: URLs (no network).
 */
const ulid = (n: number) => `01JD8K3V7Q${String(n).padStart(16, "0")}`;
const SESSION = `ses_${ulid(1)}`;

/** A 1×1 PNG. */
const PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/** Three seconds of silence as 8 kHz mono 8-bit WAV: a voice note the browser can load. */
function silentWav(seconds: number): string {
  const samples = 8000 * seconds;
  const b = Buffer.alloc(44 + samples, 128);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + samples, 4);
  b.write("WAVEfmt ", 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(8000, 28);
  b.writeUInt16LE(1, 32);
  b.writeUInt16LE(8, 34);
  b.write("data", 36);
  b.writeUInt32LE(samples, 40);
  return `data:audio/wav;base64,${b.toString("base64")}`;
}

export function richThread(jid: string, minutesAgo: (m: number) => string) {
  const msg = (
    n: number,
    direction: "in" | "out",
    content: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) => ({
    id: `msg_${ulid(300 + n)}`,
    sessionId: SESSION,
    chatJid: jid,
    direction,
    type: content.kind,
    text: (content.text ?? content.caption ?? null) as string | null,
    content,
    status: direction === "in" ? "received" : "read",
    failureCode: null,
    failureReason: null,
    waMessageId: `3EB0R${String(n).padStart(11, "0")}`,
    from: direction === "in" ? jid : null,
    pushName: direction === "in" ? "Jonas" : null,
    timestamp: minutesAgo(60 - n),
    updatedAt: minutesAgo(60 - n),
    ...extra,
  });
  const at = minutesAgo(5);
  const vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Lena Vogel\nTEL;type=CELL:+49 170 5550123\nEND:VCARD";
  // newest first, as the API pages them
  return [
    msg(11, "in", { kind: "unsupported", waType: "pollCreationMessage" }),
    msg(10, "out", { kind: "deleted" }, { deleted: true, deletedAt: at, text: null }),
    msg(9, "in", { kind: "contact", contacts: [{ displayName: "Lena Vogel", vcard }] }),
    msg(8, "in", {
      kind: "location",
      latitude: 52.520008,
      longitude: 13.404954,
      name: "Atelier Nord",
      address: "Torstraße 1, Berlin",
    }),
    msg(7, "out", {
      kind: "document",
      fileName: "invoice-4821.pdf",
      mimetype: "application/pdf",
      size: 245_760,
      downloadUrl: PNG,
    }),
    msg(6, "in", {
      kind: "audio",
      voiceNote: true,
      mimetype: "audio/ogg; codecs=opus",
      durationSeconds: 3,
      downloadUrl: silentWav(3),
    }),
    msg(5, "in", { kind: "sticker", mimetype: "image/webp", downloadUrl: PNG, width: 96, height: 96 }),
    msg(
      4,
      "out",
      {
        kind: "text",
        text: "That's the one — shipped today.",
        quoted: {
          waMessageId: "3EB0R00000000003",
          messageId: `msg_${ulid(303)}`,
          senderJid: jid,
          preview: "Is this the jacket?",
        },
      },
      { edited: true, editedAt: at, reactions: [{ emoji: "🙏", senderJid: jid, at }] },
    ),
    msg(
      3,
      "in",
      {
        kind: "image",
        caption: "Is this the jacket?",
        mimetype: "image/png",
        downloadUrl: PNG,
        width: 240,
        height: 160,
      },
      {
        reactions: [{ emoji: "👍", senderJid: null, at }],
      },
    ),
  ];
}
