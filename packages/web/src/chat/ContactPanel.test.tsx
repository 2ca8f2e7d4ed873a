import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket, fakeFetch, makeChat, makeSession, page, realtimeToken, sessionId } from "../test/fakes";
import { openThreadDrawer } from "../test/chat-thread";
import { renderApp } from "../test/render-app";

const S = sessionId(1);
const ANNA = "4917612345678@s.whatsapp.net";
const CONTACT = `/v1/sessions/${S}/contacts/[^/]+`;
const PICTURE = "https://pps.whatsapp.net/v/anna.jpg";
type Reply = { status: number; body?: unknown };

const profile = {
  jid: ANNA,
  phone: "4917612345678",
  pictureUrl: PICTURE,
  status: "Out hiking",
  statusSetAt: "2026-01-01T10:00:00.000Z",
};

function setup({
  contact = { status: 200, body: profile } as Reply,
  blocklist = { status: 200, body: { jids: [] } } as Reply,
  block = (blocked: boolean): Reply => ({ status: 200, body: { jid: ANNA, blocked } }),
} = {}) {
  window.location.hash = `#/sessions/${S}/chat/${encodeURIComponent(ANNA)}`;
  const session = makeSession(1, { name: "Support", status: "open", phone: "4915123456789" });
  const f = fakeFetch({
    "GET /v1/sessions": page([session]),
    [`GET /v1/sessions/${S}`]: { status: 200, body: session },
    [`GET /v1/sessions/${S}/chats`]: page([makeChat(ANNA, { name: "Anna" })]),
    [`GET /v1/sessions/${S}/chats/[^/]+/messages`]: page([]),
    [`GET ${CONTACT}`]: contact,
    [`GET /v1/sessions/${S}/blocklist`]: blocklist,
    [`POST ${CONTACT}/block`]: () => block(true),
    [`DELETE ${CONTACT}/block`]: () => block(false),
    "POST /v1/realtime/tokens": { status: 201, body: realtimeToken() },
  });
  renderApp(f.fetch);
  return f;
}

const openPanel = () => openThreadDrawer("Contact info", "Anna");

const blockCalls = (f: ReturnType<typeof setup>) => f.requests.filter((r) => r.path.endsWith("/block"));

describe("contact panel", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows the contact's profile picture, number and status text", async () => {
    setup();
    const panel = await openPanel();
    const img = await within(panel).findByRole("img", { name: "Anna" });
    expect(img.getAttribute("src")).toBe(PICTURE);
    expect(panel.textContent).toContain("Out hiking");
    expect(panel.textContent).toContain("+4917612345678");
  });

  it("blocks only after the confirmation, then shows the contact as blocked", async () => {
    const f = setup();
    const panel = await openPanel();
    await userEvent.click(await within(panel).findByRole("button", { name: "Block" }));
    const confirm = await screen.findByRole("alertdialog", { name: "Block Anna?" });
    expect(blockCalls(f)).toHaveLength(0);
    await userEvent.click(within(confirm).getByRole("button", { name: "Block" }));
    await waitFor(() => expect(blockCalls(f).map((r) => r.method)).toEqual(["POST"]));
    expect(await within(panel).findByText("Blocked")).toBeTruthy();
    expect(within(panel).getByRole("button", { name: "Unblock" })).toBeTruthy();
    expect(await screen.findByText("Anna is blocked")).toBeTruthy();
  });

  it("reflects the blocklist and unblocks after the confirmation", async () => {
    const f = setup({ blocklist: { status: 200, body: { jids: [ANNA] } } });
    const panel = await openPanel();
    expect(await within(panel).findByText("Blocked")).toBeTruthy();
    await userEvent.click(within(panel).getByRole("button", { name: "Unblock" }));
    const confirm = await screen.findByRole("alertdialog", { name: "Unblock Anna?" });
    await userEvent.click(within(confirm).getByRole("button", { name: "Unblock" }));
    await waitFor(() => expect(blockCalls(f).map((r) => r.method)).toEqual(["DELETE"]));
    expect(await within(panel).findByRole("button", { name: "Block" })).toBeTruthy();
    expect(within(panel).queryByText("Blocked")).toBeNull();
  });

  it("says in plain words when the number is not on WhatsApp", async () => {
    setup({
      contact: {
        status: 404,
        body: {
          error: {
            code: "not_found",
            message: "not on WhatsApp",
            details: [{ path: "jid", message: "no account", code: "not_on_whatsapp" }],
          },
        },
      },
    });
    const panel = await openPanel();
    expect(await within(panel).findByText("That number is not on WhatsApp.")).toBeTruthy();
  });

  it("keeps the confirmation open with the reason when WhatsApp refuses", async () => {
    setup({
      block: () => ({
        status: 409,
        body: {
          error: {
            code: "invalid_state",
            message: "session is not open",
            details: [{ path: "session", message: "not open", code: "session_not_open" }],
          },
        },
      }),
    });
    const panel = await openPanel();
    await userEvent.click(await within(panel).findByRole("button", { name: "Block" }));
    const confirm = await screen.findByRole("alertdialog", { name: "Block Anna?" });
    await userEvent.click(within(confirm).getByRole("button", { name: "Block" }));
    expect(await within(confirm).findByText("The session is not connected to WhatsApp right now.")).toBeTruthy();
  });
});
