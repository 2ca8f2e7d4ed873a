import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket, fakeFetch, makeSession, page, realtimeToken, sessionId } from "../test/fakes";
import { renderApp } from "../test/render-app";

const S = sessionId(1);
const GROUP = "120363025246125486@g.us";
type Reply = { status: number; body?: unknown };

const created = (phones: string[]) => ({
  jid: GROUP,
  subject: "Book club",
  description: null,
  owner: "4915123456789@s.whatsapp.net",
  createdAt: "2026-01-01T10:00:00.000Z",
  announce: false,
  restrict: false,
  participantCount: phones.length + 1,
  participants: [
    { jid: "4915123456789@s.whatsapp.net", phone: "4915123456789", admin: "superadmin" },
    ...phones.map((p) => ({ jid: `${p}@s.whatsapp.net`, phone: p, admin: null })),
  ],
});

function setup(create: Reply) {
  window.location.hash = `#/sessions/${S}/chat`;
  const session = makeSession(1, { name: "Support", status: "open", phone: "4915123456789" });
  const f = fakeFetch({
    "GET /v1/sessions": page([session]),
    [`GET /v1/sessions/${S}`]: { status: 200, body: session },
    [`GET /v1/sessions/${S}/chats`]: page([]),
    [`GET /v1/sessions/${S}/chats/[^/]+/messages`]: page([]),
    [`POST /v1/sessions/${S}/groups`]: create,
    "POST /v1/realtime/tokens": { status: 201, body: realtimeToken() },
  });
  renderApp(f.fetch);
  return f;
}

async function fillAndCreate(numbers: string) {
  await userEvent.click(await screen.findByRole("button", { name: "New group" }));
  const dialog = await screen.findByRole("dialog", { name: "New group" });
  await userEvent.type(within(dialog).getByLabelText("Group name"), "Book club");
  await userEvent.type(within(dialog).getByLabelText("Members' phone numbers"), numbers);
  await userEvent.click(within(dialog).getByRole("button", { name: "Create group" }));
  return dialog;
}

describe("new group dialog", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("creates the group from a subject and numbers, then opens its thread", async () => {
    const f = setup({ status: 200, body: created(["4917612345678", "4915799988877"]) });
    await fillAndCreate("+49 176 12345678{enter}4915799988877");
    await waitFor(() => expect(window.location.hash).toBe(`#/sessions/${S}/chat/${encodeURIComponent(GROUP)}`));
    const post = f.requests.find((r) => r.method === "POST" && r.path === `/v1/sessions/${S}/groups`);
    expect(post?.body).toEqual({ subject: "Book club", participants: ["4917612345678", "4915799988877"] });
    expect(await screen.findByText("Group Book club created")).toBeTruthy();
  });

  it("names the new group's thread after its subject before the chat list holds it", async () => {
    setup({ status: 200, body: created(["4917612345678", "4915799988877"]) });
    await fillAndCreate("4917612345678{enter}4915799988877");
    const thread = await screen.findByRole("region", { name: "Conversation with Book club" });
    expect(within(thread).getByText("3 members")).toBeTruthy();
    expect(screen.queryByRole("region", { name: "Conversation with Group" })).toBeNull();
  });

  it("names the numbers WhatsApp did not add", async () => {
    setup({ status: 200, body: created(["4917612345678"]) });
    await fillAndCreate("4917612345678{enter}4915799988877");
    expect(await screen.findByText(/^Not added .*\+4915799988877$/)).toBeTruthy();
  });

  it("checks the numbers before asking WhatsApp", async () => {
    const f = setup({ status: 200, body: created([]) });
    const dialog = await fillAndCreate("4917612345678{enter}0151 222");
    expect(await within(dialog).findByText(/^0151 222: Start with the country code/)).toBeTruthy();
    expect(f.requests.some((r) => r.method === "POST" && r.path.endsWith("/groups"))).toBe(false);
  });

  it("shows the server's refusal of one number next to it", async () => {
    setup({
      status: 400,
      body: {
        error: {
          code: "validation_failed",
          message: "invalid body",
          details: [{ path: "body.participants.1", message: "not a phone number or JID" }],
        },
      },
    });
    const dialog = await fillAndCreate("4917612345678{enter}4915799988877");
    expect(await within(dialog).findByText("+4915799988877: not a phone number or JID")).toBeTruthy();
  });

  it("says in plain words when the session is not connected", async () => {
    setup({
      status: 409,
      body: {
        error: {
          code: "invalid_state",
          message: "session is not open",
          details: [{ path: "session", message: "not open", code: "session_not_open" }],
        },
      },
    });
    const dialog = await fillAndCreate("4917612345678");
    expect(await within(dialog).findByText("The session is not connected to WhatsApp right now.")).toBeTruthy();
  });
});
