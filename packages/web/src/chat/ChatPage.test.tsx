import { act, screen, waitFor, within } from "@testing-library/react";
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
  messageStatusData,
  page,
  realtimeToken,
  sessionId,
} from "../test/fakes";
import { threadLive } from "../test/chat-thread";
import { renderApp } from "../test/render-app";

const S = sessionId(1);
const ANNA = "4917612345678@s.whatsapp.net";
const BOB = "4915799988877@s.whatsapp.net";

const inbound = (n: number, chatJid: string, text: string, timestamp = new Date().toISOString()) =>
  makeMessage(n, {
    sessionId: S,
    chatJid,
    direction: "in",
    text,
    content: { kind: "text", text },
    status: "received",
    from: chatJid,
    timestamp,
    updatedAt: timestamp,
  });

function setup(sendReplies: ("network_error" | { status: number; body?: unknown })[]) {
  window.location.hash = `#/sessions/${S}/chat/${encodeURIComponent(ANNA)}`;
  const replies = [...sendReplies];
  const f = fakeFetch({
    "GET /v1/sessions": page([makeSession(1, { name: "Support", status: "open", phone: "4915123456789" })]),
    [`GET /v1/sessions/${S}`]: {
      status: 200,
      body: makeSession(1, { name: "Support", status: "open", phone: "4915123456789" }),
    },
    [`GET /v1/sessions/${S}/chats`]: page([
      makeChat(ANNA, {
        name: "Anna",
        lastMessageAt: "2026-01-01T10:00:00.000Z",
        lastMessageText: "Hello",
        lastMessageDirection: "in",
      }),
      makeChat(BOB, {
        name: "Bob",
        lastMessageAt: "2026-01-01T09:00:00.000Z",
        lastMessageText: "Yo",
        lastMessageDirection: "in",
      }),
    ]),
    [`GET /v1/sessions/${S}/chats/[^/]+/messages`]: page([inbound(1, ANNA, "Hello", "2026-01-01T10:00:00.000Z")]),
    [`POST /v1/sessions/${S}/messages`]: () => replies.shift() ?? { status: 500 },
    "POST /v1/realtime/tokens": { status: 201, body: realtimeToken() },
  });
  renderApp(f.fetch);
  return { sends: () => f.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages")) };
}

describe("chat", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("sends with an Idempotency-Key, shows the message as queued, then moves its ticks", async () => {
    const { sends } = setup([{ status: 202, body: { id: messageId(101), status: "queued" } }]);
    await threadLive();
    await userEvent.type(screen.getByLabelText("Message", { selector: "textarea" }), "See you at 3{Enter}");
    await waitFor(() => expect(sends()).toHaveLength(1));
    expect(sends()[0]!.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{20,}$/);
    expect(sends()[0]!.body).toEqual({ to: ANNA, type: "text", text: "See you at 3" });

    const log = screen.getByRole("log");
    await waitFor(() => expect(log.querySelector(`[data-message-id="${messageId(101)}"]`)).not.toBeNull());
    expect(within(log).getByRole("img", { name: "Queued" })).toBeTruthy();
    act(() =>
      FakeSocket.latest().frame(
        frame("message:status", S, messageStatusData({ messageId: messageId(101), chatJid: ANNA, status: "read" })),
      ),
    );
    expect(await within(log).findByRole("img", { name: "Read" })).toBeTruthy();
  });

  it("shows your own reply as the conversation's preview in the list at once", async () => {
    setup([{ status: 202, body: { id: messageId(102), status: "queued" } }]);
    await threadLive();
    const list = screen.getByRole("list", { name: "Conversations" });
    expect(within(list).getByText("Hello")).toBeTruthy();
    await userEvent.type(screen.getByLabelText("Message", { selector: "textarea" }), "On my way{Enter}");
    await waitFor(() => expect(within(list).getAllByRole("button")[0]!.textContent).toContain("You: On my way"));
    expect(within(list).queryByText("Hello")).toBeNull();
  });

  it("titles the thread with the contact's name and number, never the raw JID", async () => {
    setup([]);
    await threadLive();
    const head = screen.getByRole("region", { name: "Conversation with Anna" });
    expect(within(head).getByText("+4917612345678")).toBeTruthy();
    expect(head.textContent).not.toContain("@s.whatsapp.net");
  });

  it("retries a send that never reached the server with the same key, so it cannot go out twice", async () => {
    const { sends } = setup(["network_error", { status: 202, body: { id: messageId(102), status: "queued" } }]);
    await threadLive();
    await userEvent.type(screen.getByLabelText("Message", { selector: "textarea" }), "Hello?{Enter}");
    const retry = await screen.findByRole("button", { name: "Retry" });
    expect(screen.getByRole("log").textContent).toMatch(/Can't reach the Wharf API/);
    await userEvent.click(retry);
    await waitFor(() => expect(sends()).toHaveLength(2));
    expect(sends()[1]!.headers["idempotency-key"]).toBe(sends()[0]!.headers["idempotency-key"]);
    await waitFor(() =>
      expect(screen.getByRole("log").querySelector(`[data-message-id="${messageId(102)}"]`)).not.toBeNull(),
    );
  });

  it("shows a new inbound message without a reload and counts it unread in another chat", async () => {
    setup([]);
    await threadLive();
    act(() => FakeSocket.latest().frame(frame("message:new", S, inbound(2, ANNA, "Are you there?"))));
    expect(await within(screen.getByRole("log")).findByText("Are you there?")).toBeTruthy();
    // inbound messages are `received`: no delivery ticks on them
    expect(screen.getByRole("log").querySelector(`[data-message-id="${messageId(2)}"] [data-status]`)).toBeNull();
    act(() => FakeSocket.latest().frame(frame("message:new", S, inbound(3, BOB, "Ping"))));
    expect(await screen.findByLabelText("1 unread")).toBeTruthy();
    // the chat on screen did not count as unread
    expect(screen.getAllByLabelText(/unread/)).toHaveLength(1);
  });

  it("does not let a session that is not open send", async () => {
    window.location.hash = `#/sessions/${S}/chat/${encodeURIComponent(ANNA)}`;
    const f = fakeFetch({
      "GET /v1/sessions": page([makeSession(1, { name: "Support", status: "reconnecting", phone: "4915123456789" })]),
      [`GET /v1/sessions/${S}`]: {
        status: 200,
        body: makeSession(1, { name: "Support", status: "reconnecting", phone: "4915123456789" }),
      },
      [`GET /v1/sessions/${S}/chats`]: page([]),
      [`GET /v1/sessions/${S}/chats/[^/]+/messages`]: page([]),
    });
    renderApp(f.fetch);
    const box = await screen.findByLabelText("Message", { selector: "textarea" });
    await waitFor(() => expect((box as HTMLTextAreaElement).disabled).toBe(true));
    expect(box.getAttribute("placeholder")).toMatch(/session is reconnecting/);
  });
});
