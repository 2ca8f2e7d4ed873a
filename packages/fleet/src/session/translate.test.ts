import type { WAMessage } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { contactInfo, outboundStatus, receivedMessageData, summarizeContent } from "./translate";

const now = new Date("2030-01-01T00:00:00.000Z");
const msg = (over: Partial<WAMessage>): WAMessage =>
  ({
    key: { remoteJid: "123@lid", remoteJidAlt: "4915100000001@s.whatsapp.net", fromMe: false, id: "3EB0AA" },
    messageTimestamp: 1_900_000_000,
    pushName: "Ann",
    ...over,
  }) as WAMessage;

describe("Baileys → Wharf translation", () => {
  it.each([
    ["plain text", { conversation: "hi" }, { kind: "text", text: "hi" }],
    ["extended text", { extendedTextMessage: { text: "link https://x" } }, { kind: "text", text: "link https://x" }],
    [
      "an image with caption",
      { imageMessage: { mimetype: "image/jpeg", caption: "look", fileLength: 2048 } },
      {
        kind: "image",
        mimetype: "image/jpeg",
        caption: "look",
        fileName: null,
        size: 2048,
        sha256: null,
        durationSeconds: null,
        width: null,
        height: null,
      },
    ],
    [
      "a voice note",
      { audioMessage: { mimetype: "audio/ogg", seconds: 7, ptt: true, fileSha256: Buffer.from("abc") } },
      {
        kind: "audio",
        voiceNote: true,
        mimetype: "audio/ogg",
        fileName: null,
        size: null,
        sha256: Buffer.from("abc").toString("base64"),
        durationSeconds: 7,
        width: null,
        height: null,
      },
    ],
    [
      "a location",
      { locationMessage: { degreesLatitude: 52.5, degreesLongitude: 13.4, name: "Berlin" } },
      { kind: "location", latitude: 52.5, longitude: 13.4, name: "Berlin", address: null },
    ],
    [
      "a reaction",
      { reactionMessage: { text: "👍", key: { id: "3EB0BB" } } },
      { kind: "reaction", emoji: "👍", targetWaMessageId: "3EB0BB" },
    ],
    ["a poll", { pollCreationMessage: { name: "lunch?" } }, { kind: "unsupported", waType: "pollCreationMessage" }],
    [
      "text inside an ephemeral wrapper",
      { ephemeralMessage: { message: { conversation: "gone soon" } } },
      { kind: "text", text: "gone soon" },
    ],
  ])("summarizes %s", (_name, message, expected) => {
    expect(summarizeContent(message as never)).toEqual(expected);
  });

  it("reports nothing for protocol-only messages", () => {
    expect(summarizeContent({ protocolMessage: { type: 0 } } as never)).toBeNull();
    expect(summarizeContent({ senderKeyDistributionMessage: { groupId: "g" } } as never)).toBeNull();
  });

  it("keys a LID-addressed 1:1 chat by the contact's phone JID, from the LID's alternate JID", () => {
    expect(receivedMessageData(msg({ message: { conversation: "hi" } }), now)).toEqual({
      waMessageId: "3EB0AA",
      chatJid: "4915100000001@s.whatsapp.net",
      senderJid: "123@lid",
      senderPhone: "4915100000001",
      pushName: "Ann",
      sentAt: new Date(1_900_000_000 * 1000).toISOString(),
      content: { kind: "text", text: "hi" },
    });
  });

  it("keeps the LID as chat when no phone JID is known", () => {
    const d = receivedMessageData(
      msg({ key: { remoteJid: "123@lid", fromMe: false, id: "B" }, message: { conversation: "x" } }),
      now,
    );
    expect(d).toMatchObject({ chatJid: "123@lid", senderPhone: null });
  });

  it("takes the participant as sender in groups", () => {
    const d = receivedMessageData(
      msg({
        key: { remoteJid: "1203@g.us", participant: "4915100000002@s.whatsapp.net", id: "X", fromMe: false },
        message: { conversation: "yo" },
      }),
      now,
    );
    expect(d).toMatchObject({
      chatJid: "1203@g.us",
      senderJid: "4915100000002@s.whatsapp.net",
      senderPhone: "4915100000002",
    });
  });

  it("skips own messages and status broadcasts", () => {
    expect(
      receivedMessageData(
        msg({ key: { remoteJid: "1@s.whatsapp.net", fromMe: true, id: "A" }, message: { conversation: "me" } }),
        now,
      ),
    ).toBeNull();
    expect(
      receivedMessageData(
        msg({ key: { remoteJid: "status@broadcast", fromMe: false, id: "B" }, message: { conversation: "story" } }),
        now,
      ),
    ).toBeNull();
  });

  it("maps receipt statuses", () => {
    expect([0, 1, 2, 3, 4, 5].map(outboundStatus)).toEqual(["failed", null, null, "delivered", "read", "read"]);
  });

  it("maps contacts with LID and phone", () => {
    expect(contactInfo({ id: "77@lid", phoneNumber: "4915100000003@s.whatsapp.net", notify: "Bo" })).toEqual({
      jid: "77@lid",
      lid: "77@lid",
      phone: "4915100000003",
      name: null,
      notify: "Bo",
    });
  });
});
