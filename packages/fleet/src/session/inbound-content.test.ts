import type { WAMessage } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { previewOf, summarizeContent } from "./inbound-content";
import { messageChange, receivedMessageData } from "./translate";
import { waMessageIdFor } from "./wa-message-id";

const now = new Date("2030-01-01T00:00:00.000Z");
const ME = "4915100000100@s.whatsapp.net";
const isMe = (jid: string) => jid === ME;
const CONTACT = "4915100000001@s.whatsapp.net";
const msg = (message: unknown, key: Partial<WAMessage["key"]> = {}): WAMessage =>
  ({
    key: { remoteJid: CONTACT, fromMe: false, id: "3EB0CC", ...key },
    messageTimestamp: 1_900_000_000,
    message,
  }) as WAMessage;
const at = new Date(1_900_000_000 * 1000).toISOString();

describe("inbound content of every kind", () => {
  it("reads video, document (with caption wrapper), sticker and contact-array fields", () => {
    expect(
      summarizeContent({
        videoMessage: { mimetype: "video/mp4", seconds: 3, width: 640, height: 360, gifPlayback: true },
      }),
    ).toMatchObject({ kind: "video", gif: true, durationSeconds: 3, width: 640, height: 360, caption: null });
    expect(
      summarizeContent({
        documentWithCaptionMessage: {
          message: {
            documentMessage: { fileName: "a.pdf", mimetype: "application/pdf", caption: "see", fileLength: 9 },
          },
        },
      }),
    ).toMatchObject({ kind: "document", fileName: "a.pdf", caption: "see", size: 9 });
    expect(summarizeContent({ stickerMessage: { mimetype: "image/webp", isAnimated: true } })).toMatchObject({
      kind: "sticker",
      animated: true,
    });
    expect(
      summarizeContent({
        contactsArrayMessage: {
          contacts: [
            { displayName: "A", vcard: "BEGIN:VCARD\nEND:VCARD" },
            { displayName: "B", vcard: "BEGIN:VCARD\nEND:VCARD" },
          ],
        },
      }),
    ).toEqual({
      kind: "contact",
      contacts: [
        { displayName: "A", vcard: "BEGIN:VCARD\nEND:VCARD" },
        { displayName: "B", vcard: "BEGIN:VCARD\nEND:VCARD" },
      ],
    });
  });

  it("keeps an unknown type as unsupported with WhatsApp's name, with its quote", () => {
    expect(
      summarizeContent({
        pollCreationMessageV3: { name: "lunch?", contextInfo: { stanzaId: "Q1", participant: CONTACT } },
      }),
    ).toEqual({
      kind: "unsupported",
      waType: "pollCreationMessageV3",
      quoted: { waMessageId: "Q1", messageId: null, senderJid: CONTACT, preview: null },
    });
  });

  it("gives a reply the quoted message: Wharf's id for its own, no sender when it was this account", () => {
    const mine = waMessageIdFor("msg_01J00000000000000000000000");
    const content = summarizeContent(
      {
        extendedTextMessage: {
          text: "yes",
          contextInfo: { stanzaId: mine, participant: ME, quotedMessage: { conversation: "are you there?" } },
        },
      },
      isMe,
    );
    expect(content).toEqual({
      kind: "text",
      text: "yes",
      quoted: {
        waMessageId: mine,
        messageId: "msg_01J00000000000000000000000",
        senderJid: null,
        preview: "are you there?",
      },
    });
    expect(
      summarizeContent({
        imageMessage: { caption: "this", contextInfo: { stanzaId: "X", quotedMessage: { imageMessage: {} } } },
      }),
    ).toMatchObject({ quoted: { waMessageId: "X", preview: "image" } });
  });

  it("previews a long text by its start", () => {
    expect(previewOf({ conversation: "x".repeat(500) })).toHaveLength(200);
    expect(previewOf({ imageMessage: { caption: "receipt" } })).toBe("receipt");
    expect(previewOf(null)).toBeNull();
  });
});

describe("messages that change another one", () => {
  it("turns a contact's reaction into a reaction change on this account's message", () => {
    const m = msg({ reactionMessage: { text: "👍", key: { id: "T1", fromMe: true, remoteJid: CONTACT } } });
    expect(messageChange(m, now)).toEqual({
      change: "reaction",
      chatJid: CONTACT,
      waMessageId: "T1",
      fromMe: true,
      senderJid: CONTACT,
      emoji: "👍",
      at,
    });
  });

  it("names no sender for this account's own reaction, and an empty emoji removes it", () => {
    const m = msg({ reactionMessage: { text: "", key: { id: "T2", fromMe: false } } }, { fromMe: true });
    expect(messageChange(m, now)).toMatchObject({ change: "reaction", senderJid: null, emoji: "", fromMe: false });
  });

  it("turns a revoke into deleted and an edit into edited, for the author's message", () => {
    const revoke = msg({ protocolMessage: { type: 0, key: { id: "T3" } } });
    expect(messageChange(revoke, now)).toEqual({
      change: "deleted",
      chatJid: CONTACT,
      waMessageId: "T3",
      fromMe: false,
      at,
    });
    const edit = msg({
      editedMessage: {
        message: { protocolMessage: { type: 14, key: { id: "T4" }, editedMessage: { conversation: "fixed" } } },
      },
    });
    expect(messageChange(edit, now)).toEqual({
      change: "edited",
      chatJid: CONTACT,
      waMessageId: "T4",
      fromMe: false,
      text: "fixed",
      at,
    });
    const ownEdit = msg(
      { protocolMessage: { type: 14, key: { id: "T5" }, editedMessage: { conversation: "mine" } } },
      { fromMe: true },
    );
    expect(messageChange(ownEdit, now)).toMatchObject({ change: "edited", fromMe: true, text: "mine" });
  });

  it("is null for ordinary messages and other protocol messages, which are not received messages either", () => {
    expect(messageChange(msg({ conversation: "hi" }), now)).toBeNull();
    const other = msg({ protocolMessage: { type: 3, key: { id: "T6" } } });
    expect(messageChange(other, now)).toBeNull();
    expect(receivedMessageData(other, now)).toBeNull();
  });
});
