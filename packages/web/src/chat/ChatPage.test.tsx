import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket, fakeFetch, frame, makeSession, page, sessionId } from "../test/fakes";
import { renderApp } from "../test/render-app";

const S = sessionId(1);
const ANNA = "4917612345678@s.whatsapp.net";
const BOB = "4915799988877@s.whatsapp.net";

function setup(sendReplies: ("network_error" | { status: number; body?: unknown })[]) {
  window.location.hash = `#/sessions/${S}/chat/${encodeURIComponent(ANNA)}`;
  const replies = [...sendReplies];
  const f = fakeFetch({
    "GET /v1/sessions": page([makeSession(1, { name: "Support", status: "open", phone: "4915123456789" })]),
    [`GET /v1/sessions/${S}`]: { status: 200, body: makeSession(1, { name: "Support", status: "open", phone: "4915123456789" }) },
    [`GET /v1/sessions/${S}/chats`]: page([
      { jid: ANNA, name: "Anna", unreadCount: 0, lastMessageAt: "2026-01-01T10:00:00.000Z", lastMessageText: "Hello" },
      { jid: BOB, name: "Bob", unreadCount: 0, lastMessageAt: "2026-01-01T09:00:00.000Z", lastMessageText: "Yo" },
    ]),
    [`GET /v1/sessions/${S}/chats/[^/]+/messages`]: page([
      { id: "msg_in1", sessionId: S, chatJid: ANNA, direction: "in", type: "text", text: "Hello", status: "read", timestamp: "2026-01-01T10:00:00.000Z" },
    ]),
    [`POST /v1/sessions/${S}/messages`]: () => replies.shift() ?? { status: 500 },
    "POST /v1/realtime/tokens": { status: 201, body: { token: "t", expiresAt: new Date(Date.now() + 60_000).toISOString() } },
  });
  renderApp(f.fetch);
  return { sends: () => f.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages")) };
}

async function ready() {
  await screen.findByRole("log");
  await waitFor(() => expect(FakeSocket.all.length).toBe(1));
  act(() => FakeSocket.latest().open());
}

describe("chat", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("sends with an Idempotency-Key, shows the message as queued, then moves its ticks", async () => {
    const { sends } = setup([{ status: 202, body: { id: "msg_out1", status: "queued" } }]);
    await ready();
    await userEvent.type(screen.getByLabelText("Message", { selector: "textarea" }), "See you at 3{Enter}");
    await waitFor(() => expect(sends()).toHaveLength(1));
    expect(sends()[0]!.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{20,}$/);
    expect(sends()[0]!.body).toEqual({ to: ANNA, type: "text", text: "See you at 3" });

    const log = screen.getByRole("log");
    await waitFor(() => expect(log.querySelector('[data-message-id="msg_out1"]')).not.toBeNull());
    expect(within(log).getByRole("img", { name: "Queued" })).toBeTruthy();
    act(() => FakeSocket.latest().frame(frame("message:status", S, { messageId: "msg_out1", chatJid: ANNA, status: "read" })));
    expect(await within(log).findByRole("img", { name: "Read" })).toBeTruthy();
  });

  it("retries a send that never reached the server with the same key, so it cannot go out twice", async () => {
    const { sends } = setup(["network_error", { status: 202, body: { id: "msg_out2", status: "queued" } }]);
    await ready();
    await userEvent.type(screen.getByLabelText("Message", { selector: "textarea" }), "Hello?{Enter}");
    const retry = await screen.findByRole("button", { name: "Retry" });
    expect(screen.getByRole("log").textContent).toMatch(/Can't reach the Wharf API/);
    await userEvent.click(retry);
    await waitFor(() => expect(sends()).toHaveLength(2));
    expect(sends()[1]!.headers["idempotency-key"]).toBe(sends()[0]!.headers["idempotency-key"]);
    await waitFor(() => expect(screen.getByRole("log").querySelector('[data-message-id="msg_out2"]')).not.toBeNull());
  });

  it("shows a new inbound message without a reload and counts it unread in another chat", async () => {
    setup([]);
    await ready();
    act(() =>
      FakeSocket.latest().frame(
        frame("message:new", S, { id: "msg_in2", chatJid: ANNA, direction: "in", type: "text", text: "Are you there?", status: "delivered", timestamp: new Date().toISOString() }),
      ),
    );
    expect(await within(screen.getByRole("log")).findByText("Are you there?")).toBeTruthy();
    act(() =>
      FakeSocket.latest().frame(
        frame("message:new", S, { id: "msg_in3", chatJid: BOB, direction: "in", type: "text", text: "Ping", status: "delivered", timestamp: new Date().toISOString() }),
      ),
    );
    expect(await screen.findByLabelText("1 unread")).toBeTruthy();
    // the chat on screen did not count as unread
    expect(screen.getAllByLabelText(/unread/)).toHaveLength(1);
  });

  it("does not let a session that is not open send", async () => {
    window.location.hash = `#/sessions/${S}/chat/${encodeURIComponent(ANNA)}`;
    const f = fakeFetch({
      "GET /v1/sessions": page([makeSession(1, { name: "Support", status: "reconnecting", phone: "4915123456789" })]),
      [`GET /v1/sessions/${S}`]: { status: 200, body: makeSession(1, { name: "Support", status: "reconnecting", phone: "4915123456789" }) },
      [`GET /v1/sessions/${S}/chats`]: page([]),
      [`GET /v1/sessions/${S}/chats/[^/]+/messages`]: page([]),
    });
    renderApp(f.fetch);
    const box = await screen.findByLabelText("Message", { selector: "textarea" });
    await waitFor(() => expect((box as HTMLTextAreaElement).disabled).toBe(true));
    expect(box.getAttribute("placeholder")).toMatch(/session is reconnecting/);
  });
});
