import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { MessageContent } from "../../api/types";
import { makeMessage } from "../../test/fakes";
import { Bubble } from "../Bubble";
import { MessageBody } from "./MessageBody";
import { formatBytes, formatDuration } from "./media-format";
import { readVCard } from "./vcard";

const URL_ = "https://media.test/f?X-Amz-Signature=abc";
const show = (content: MessageContent) => render(<MessageBody content={content} />);

describe("message content renderers", () => {
  it("shows a photo as a preview button that opens it large in a lightbox with a download link", async () => {
    show({ kind: "image", caption: "Receipt", mimetype: "image/jpeg", downloadUrl: URL_, width: 640, height: 480 });
    expect(screen.getByText("Receipt")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Open photo: Receipt" }));
    const dialog = await screen.findByRole("dialog", { name: "Photo" });
    expect(within(dialog).getByRole("img", { name: "Receipt" }).getAttribute("src")).toBe(URL_);
    expect(within(dialog).getByRole("link", { name: "Download" }).getAttribute("href")).toBe(URL_);
  });

  it("shows a sticker as a preview too", () => {
    show({ kind: "sticker", mimetype: "image/webp", downloadUrl: URL_ });
    expect(screen.getByRole("button", { name: "Open sticker" })).toBeTruthy();
  });

  it("says why a file is missing instead of showing a broken image", () => {
    show({ kind: "image", mimetype: "image/jpeg", unavailableReason: "download_failed" });
    expect(screen.getByRole("note", { name: "Photo couldn't be downloaded" })).toBeTruthy();
    expect(screen.queryByRole("img")).toBeNull();
  });

  it("gives a voice note an audio player labelled with its length", () => {
    const { container } = show({ kind: "audio", voiceNote: true, durationSeconds: 7, downloadUrl: URL_ });
    const audio = container.querySelector("audio")!;
    expect(audio.getAttribute("aria-label")).toBe("Voice message, 0:07");
    expect(audio.hasAttribute("controls")).toBe(true);
    expect(audio.getAttribute("src")).toBe(URL_);
  });

  it("plays a video with controls and its caption", () => {
    const { container } = show({ kind: "video", caption: "Look", durationSeconds: 75, downloadUrl: URL_ });
    expect(container.querySelector("video")!.getAttribute("aria-label")).toBe("Video, 1:15");
    expect(screen.getByText("Look")).toBeTruthy();
  });

  it("shows a document as a chip with name, size and a download link", () => {
    show({ kind: "document", fileName: "invoice.pdf", size: 245_760, mimetype: "application/pdf", downloadUrl: URL_ });
    const chip = screen.getByRole("group", { name: "Document: invoice.pdf" });
    expect(chip.textContent).toContain("240 KB · application/pdf");
    expect(chip.textContent).toContain("PDF");
    const link = within(chip).getByRole("link", { name: "Download invoice.pdf" });
    expect(link.getAttribute("href")).toBe(URL_);
    expect(link.getAttribute("download")).toBe("invoice.pdf");
  });

  it("shows a location card with name, address, coordinates and a map link", () => {
    show({ kind: "location", latitude: 52.52, longitude: 13.405, name: "Alexanderplatz", address: "10178 Berlin" });
    const card = screen.getByRole("group", { name: "Location: Alexanderplatz" });
    expect(card.textContent).toContain("10178 Berlin");
    expect(card.textContent).toContain("52.52000, 13.40500");
    expect(within(card).getByRole("link", { name: "Open in map" }).getAttribute("href")).toContain("mlat=52.52");
  });

  it("shows each shared contact with its name and phone from the vCard", () => {
    const vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Max Muster\nTEL;type=CELL;waid=491701234567:+49 170 1234567\nEND:VCARD";
    show({ kind: "contact", contacts: [{ displayName: null, vcard }] });
    const card = screen.getByRole("listitem", { name: "Contact: Max Muster" });
    expect(within(card).getByRole("link", { name: "+49 170 1234567" }).getAttribute("href")).toBe("tel:+491701234567");
  });

  it("labels kinds Wharf does not model as unsupported, with WhatsApp's type", () => {
    show({ kind: "unsupported", waType: "pollCreationMessage" });
    expect(screen.getByRole("note", { name: "Unsupported message: pollCreationMessage" })).toBeTruthy();
  });

  it("says a message that could not be decrypted is still awaited, as WhatsApp does", () => {
    show({ kind: "unsupported", waType: "ciphertext" });
    expect(screen.getByRole("note", { name: "Message could not be decrypted" }).textContent).toContain(
      "Waiting for this message",
    );
  });

  it("shows a deleted message as a tombstone", () => {
    show({ kind: "deleted" });
    expect(screen.getByRole("note").textContent).toBe("This message was deleted");
  });
});

describe("bubble", () => {
  it("puts the quoted message above the content, the edited marker in the meta and reactions under it", () => {
    const m = makeMessage(1, {
      direction: "in",
      status: "received",
      text: "yes, that one",
      content: {
        kind: "text",
        text: "yes, that one",
        quoted: { waMessageId: "W1", messageId: null, senderJid: null, preview: "Which photo?" },
      },
      edited: true,
      reactions: [
        { emoji: "👍", senderJid: null, at: "2026-01-01T10:00:00.000Z" },
        { emoji: "👍", senderJid: "4917600000000@s.whatsapp.net", at: "2026-01-01T10:00:00.000Z" },
      ],
    });
    const { container } = render(<Bubble message={m} contactName="Anna" />);
    const bubble = container.querySelector(".bubble")!;
    const quote = within(bubble as HTMLElement).getByLabelText("Reply to You: Which photo?");
    expect(
      quote.compareDocumentPosition(screen.getByText("yes, that one")) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(screen.getByText("Edited")).toBeTruthy();
    const reactions = screen.getByRole("list", { name: "Reactions" });
    expect(within(reactions).getByLabelText("👍 2, including you")).toBeTruthy();
  });
});

describe("formatting helpers", () => {
  it("formats sizes and durations for people", () => {
    expect([formatBytes(840), formatBytes(12_700), formatBytes(3_250_000)]).toEqual(["840 B", "12 KB", "3.1 MB"]);
    expect([formatDuration(7), formatDuration(75), formatDuration(3700)]).toEqual(["0:07", "1:15", "1:01:40"]);
  });

  it("reads a folded vCard", () => {
    expect(readVCard("BEGIN:VCARD\r\nFN:Very Long\r\n  Name\r\nitem1.TEL:+1 555\r\nEND:VCARD")).toEqual({
      name: "Very Long Name",
      phones: ["+1 555"],
    });
  });
});
