import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  FakeSocket,
  fakeFetch,
  frame,
  makeChat,
  makeMessage,
  makeSession,
  messageId,
  page,
  realtimeToken,
  sessionId,
} from "../test/fakes";
import { FakeXhr } from "../test/fake-xhr";
import { threadLive } from "../test/chat-thread";
import { renderApp } from "../test/render-app";

const S = sessionId(1);
const ANNA = "4917612345678@s.whatsapp.net";
const MEDIA_ID = "med_01JD8K3V7Q0000000000000001";
const UPLOAD_URL = "http://s3.test/wharf-media/upload?X-Amz-Signature=sig";

const inbound = makeMessage(1, {
  sessionId: S,
  chatJid: ANNA,
  direction: "in",
  text: "Which one?",
  content: { kind: "text", text: "Which one?" },
  status: "received",
  from: ANNA,
  pushName: "Anna",
});
const mine = makeMessage(2, {
  sessionId: S,
  chatJid: ANNA,
  text: "The blue one",
  content: { kind: "text", text: "The blue one" },
});

function setup() {
  window.location.hash = `#/sessions/${S}/chat/${encodeURIComponent(ANNA)}`;
  const session = makeSession(1, { name: "Support", status: "open", phone: "4915123456789" });
  const f = fakeFetch({
    "GET /v1/sessions": page([session]),
    [`GET /v1/sessions/${S}`]: { status: 200, body: session },
    [`GET /v1/sessions/${S}/chats`]: page([makeChat(ANNA, { name: "Anna" })]),
    [`GET /v1/sessions/${S}/chats/[^/]+/messages`]: page([mine, inbound]),
    "POST /v1/media": {
      status: 201,
      body: {
        mediaId: MEDIA_ID,
        uploadUrl: UPLOAD_URL,
        method: "PUT",
        headers: { "Content-Type": "image/png", "Content-Length": "2048" },
        expiresAt: "2026-01-01T11:00:00.000Z",
      },
    },
    [`POST /v1/sessions/${S}/messages`]: { status: 202, body: { id: messageId(50), status: "queued" } },
    [`POST /v1/sessions/${S}/messages/[^/]+/edit`]: { status: 202, body: { status: "accepted" } },
    [`DELETE /v1/sessions/${S}/messages/[^/]+`]: { status: 202, body: { status: "accepted" } },
    "POST /v1/realtime/tokens": { status: 201, body: realtimeToken() },
  });
  renderApp(f.fetch);
  const posts = (suffix: string) => f.requests.filter((r) => r.path.endsWith(suffix) && r.method !== "GET");
  return { requests: f.requests, posts };
}

const png = (size = 2048) => new File([new Uint8Array(size)], "receipt.png", { type: "image/png" });
const row = (id: string) => screen.getByRole("log").querySelector(`[data-message-id="${id}"]`)!.parentElement!;

async function openMenuItem(id: string, item: string) {
  await userEvent.click(within(row(id)).getByRole("button", { name: "Message actions" }));
  await userEvent.click(await screen.findByRole("menuitem", { name: item }));
}

describe("composer with files", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    FakeXhr.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("uploads a picked photo to the presigned URL with a progress bar, then sends it with its caption", async () => {
    const { posts } = setup();
    await threadLive();
    await userEvent.upload(screen.getByLabelText("Attach a file", { selector: "input" }) as HTMLInputElement, png());
    expect(screen.getByRole("group", { name: "Attachment: receipt.png" }).textContent).toContain("Photo · 2.0 KB");
    await userEvent.type(screen.getByLabelText("Caption", { selector: "textarea" }), "Receipt{Enter}");

    await waitFor(() => expect(FakeXhr.all).toHaveLength(1));
    expect(posts("/v1/media")[0]!.body).toEqual({
      type: "image",
      mimetype: "image/png",
      size: 2048,
      fileName: "receipt.png",
    });
    const xhr = FakeXhr.all[0]!;
    expect([xhr.method, xhr.url, xhr.headers]).toEqual(["PUT", UPLOAD_URL, { "Content-Type": "image/png" }]);
    expect((xhr.body as File).name).toBe("receipt.png");
    act(() => xhr.progress(1024, 2048));
    const bar = screen.getByRole("progressbar", { name: "Uploading receipt.png" }) as HTMLProgressElement;
    expect(bar.value).toBe(50);
    expect(posts("/messages")).toHaveLength(0);

    act(() => xhr.respond(200));
    await waitFor(() => expect(posts("/messages")).toHaveLength(1));
    expect(posts("/messages")[0]!.body).toEqual({ type: "image", to: ANNA, mediaId: MEDIA_ID, caption: "Receipt" });
    expect(posts("/messages")[0]!.headers["idempotency-key"]).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole("group", { name: /Attachment/ })).toBeNull());
    const sent = screen.getByRole("log").querySelector(`[data-message-id="${messageId(50)}"]`)!;
    await waitFor(() => expect(sent.getAttribute("data-kind")).toBe("image"));
    expect(within(sent as HTMLElement).getByText("Receipt")).toBeTruthy();
  });

  it("takes a file dropped on the conversation and sends it as a document with its name", async () => {
    const { posts } = setup();
    await threadLive();
    const pdf = new File([new Uint8Array(300)], "invoice.pdf", { type: "application/pdf" });
    const pane = screen.getByRole("log").closest(".thread-pane")!;
    fireEvent.dragOver(pane, { dataTransfer: { types: ["Files"], files: [pdf] } });
    expect(screen.getByText("Drop a file to send it")).toBeTruthy();
    fireEvent.drop(pane, { dataTransfer: { types: ["Files"], files: [pdf] } });
    expect(screen.getByRole("group", { name: "Attachment: invoice.pdf" }).textContent).toContain("Document");
    await userEvent.click(screen.getByRole("button", { name: "Send file" }));
    await waitFor(() => expect(FakeXhr.all).toHaveLength(1));
    act(() => FakeXhr.all[0]!.respond(200));
    await waitFor(() => expect(posts("/messages")).toHaveLength(1));
    expect(posts("/messages")[0]!.body).toEqual({
      type: "document",
      to: ANNA,
      mediaId: MEDIA_ID,
      fileName: "invoice.pdf",
    });
  });

  it("refuses a file over WhatsApp's limit before uploading anything", async () => {
    const { posts } = setup();
    await threadLive();
    const huge = new File([new Uint8Array(8)], "backup.zip", { type: "application/zip" });
    Object.defineProperty(huge, "size", { value: 101 * 1024 * 1024 });
    await userEvent.upload(screen.getByLabelText("Attach a file", { selector: "input" }) as HTMLInputElement, huge);
    const card = screen.getByRole("group", { name: "Attachment: backup.zip" });
    expect(within(card).getByRole("alert").textContent).toMatch(/up to 100 MB/);
    expect((screen.getByRole("button", { name: "Send file" }) as HTMLButtonElement).disabled).toBe(true);
    expect(posts("/v1/media")).toHaveLength(0);
  });

  it("keeps the file and says why when the upload is refused, and sends nothing", async () => {
    const { posts } = setup();
    await threadLive();
    await userEvent.upload(screen.getByLabelText("Attach a file", { selector: "input" }) as HTMLInputElement, png());
    await userEvent.click(screen.getByRole("button", { name: "Send file" }));
    await waitFor(() => expect(FakeXhr.all).toHaveLength(1));
    act(() => FakeXhr.all[0]!.respond(403));
    const card = screen.getByRole("group", { name: "Attachment: receipt.png" });
    expect((await within(card).findByRole("alert")).textContent).toMatch(/refused \(403\)/);
    expect(posts("/messages")).toHaveLength(0);
  });
});

describe("bubble menu", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("replies to a message: the composer names it, the send quotes it", async () => {
    const { posts } = setup();
    await threadLive();
    await openMenuItem(inbound.id, "Reply");
    expect(screen.getByText("Replying to Anna")).toBeTruthy();
    await userEvent.type(screen.getByLabelText("Message", { selector: "textarea" }), "This one{Enter}");
    await waitFor(() => expect(posts("/messages")).toHaveLength(1));
    expect(posts("/messages")[0]!.body).toEqual({ type: "text", to: ANNA, text: "This one", replyTo: inbound.id });
    expect(screen.queryByText("Replying to Anna")).toBeNull();
    expect(within(screen.getByRole("log")).getByRole("button", { name: /Reply to/ }).textContent).toBe(
      "Reply to Anna: Which one?",
    );
  });

  it("reacts with an emoji, shown under the bubble at once", async () => {
    const { posts } = setup();
    await threadLive();
    await openMenuItem(inbound.id, "React");
    await userEvent.click(
      within(screen.getByRole("toolbar", { name: "React to message" })).getByRole("button", { name: "React with 👍" }),
    );
    await waitFor(() => expect(posts("/messages")).toHaveLength(1));
    expect(posts("/messages")[0]!.body).toEqual({ type: "reaction", to: ANNA, messageId: inbound.id, emoji: "👍" });
    expect(within(row(inbound.id)).getByLabelText("👍 1, including you")).toBeTruthy();
  });

  it("edits your own text and marks it edited; other people's messages cannot be edited or deleted", async () => {
    const { posts } = setup();
    await threadLive();
    await userEvent.click(within(row(inbound.id)).getByRole("button", { name: "Message actions" }));
    const items = (await screen.findAllByRole("menuitem")).map((i) => i.textContent);
    expect(items).toEqual(["Reply", "React", "Copy text"]);
    await userEvent.keyboard("{Escape}");

    await openMenuItem(mine.id, "Edit");
    const box = screen.getByLabelText("Edit message", { selector: "textarea" }) as HTMLTextAreaElement;
    expect(box.value).toBe("The blue one");
    await userEvent.clear(box);
    await userEvent.type(box, "The green one{Enter}");
    await waitFor(() => expect(posts("/edit")).toHaveLength(1));
    expect(posts("/edit")[0]!.path).toBe(`/v1/sessions/${S}/messages/${mine.id}/edit`);
    expect(posts("/edit")[0]!.body).toEqual({ text: "The green one" });
    expect(within(row(mine.id)).getByText("The green one")).toBeTruthy();
    expect(within(row(mine.id)).getByText("Edited")).toBeTruthy();
  });

  it("deletes your own message for everyone after a confirmation, leaving a tombstone", async () => {
    const { requests } = setup();
    await threadLive();
    await openMenuItem(mine.id, "Delete for everyone");
    const dialog = await screen.findByRole("alertdialog", { name: "Delete for everyone?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(requests.filter((r) => r.method === "DELETE")).toHaveLength(1));
    expect(requests.find((r) => r.method === "DELETE")!.path).toBe(`/v1/sessions/${S}/messages/${mine.id}`);
    expect(within(row(mine.id)).getByText("This message was deleted")).toBeTruthy();
  });
});

describe("typing indicator", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows the contact typing from chat:presence frames and stops on paused", async () => {
    setup();
    await threadLive();
    const presence = (state: string) =>
      frame("chat:presence", S, { chatJid: ANNA, participantJid: ANNA, state, at: new Date().toISOString() });
    act(() => FakeSocket.latest().frame(presence("composing")));
    const head = screen.getByRole("region", { name: "Conversation with Anna" });
    expect(within(head).getByRole("status").textContent).toBe("Anna is typing…");
    act(() => FakeSocket.latest().frame(presence("recording")));
    expect(within(head).getByRole("status").textContent).toBe("Anna is recording audio…");
    act(() => FakeSocket.latest().frame(presence("paused")));
    expect(within(head).getByRole("status").textContent).toBe("+4917612345678");
  });
});
