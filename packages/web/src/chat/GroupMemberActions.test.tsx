import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket, fakeFetch, makeChat, makeSession, page, realtimeToken, sessionId } from "../test/fakes";
import { openThreadDrawer } from "../test/chat-thread";
import { renderApp } from "../test/render-app";

const S = sessionId(1);
const GROUP = "120363025246125486@g.us";
const GROUP_PATH = `/v1/sessions/${S}/groups/[^/]+`;
const MEMBER = "4915799988877@s.whatsapp.net";

const info = {
  jid: GROUP,
  subject: "Family Trip",
  description: null,
  owner: "4917612345678@s.whatsapp.net",
  createdAt: null,
  announce: false,
  restrict: false,
  participantCount: 3,
  participants: [
    { jid: MEMBER, phone: "4915799988877", admin: null },
    { jid: "4917612345678@s.whatsapp.net", phone: "4917612345678", admin: "superadmin" },
    { jid: "4915123456789@s.whatsapp.net", phone: "4915123456789", admin: "admin" },
  ],
};

type Result = { jid: string; phone: string | null; result: string; status: string };

function setup({
  ownPhone = "4915123456789",
  result = (jid: string): Result => ({ jid, phone: null, result: "ok", status: "200" }),
} = {}) {
  window.location.hash = `#/sessions/${S}/chat/${encodeURIComponent(GROUP)}`;
  const session = makeSession(1, { name: "Support", status: "open", phone: ownPhone });
  const f = fakeFetch({
    "GET /v1/sessions": page([session]),
    [`GET /v1/sessions/${S}`]: { status: 200, body: session },
    [`GET /v1/sessions/${S}/chats`]: page([
      makeChat(GROUP, { phone: null, group: { subject: "Family Trip", participantCount: 3 } }),
    ]),
    [`GET /v1/sessions/${S}/chats/[^/]+/messages`]: page([]),
    [`GET ${GROUP_PATH}`]: { status: 200, body: info },
    [`POST ${GROUP_PATH}/participants`]: (req) => ({
      status: 200,
      body: { results: (req.body as { participants: string[] }).participants.map(result) },
    }),
    "POST /v1/realtime/tokens": { status: 201, body: realtimeToken() },
  });
  renderApp(f.fetch);
  return f;
}

async function openPanel() {
  const panel = await openThreadDrawer("Group info", "Family Trip");
  await within(panel).findByRole("list", { name: "Members" });
  return panel;
}

const participantCalls = (f: ReturnType<typeof setup>) =>
  f.requests.filter((r) => r.method === "POST" && r.path.endsWith("/participants")).map((r) => r.body);
const groupReads = (f: ReturnType<typeof setup>) =>
  f.requests.filter((r) => r.method === "GET" && /\/groups\/[^/]+$/.test(r.path)).length;

describe("group member actions", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("lets an admin make a member an admin, then re-reads the group", async () => {
    const f = setup();
    const panel = await openPanel();
    const reads = groupReads(f);
    await userEvent.click(within(panel).getByRole("button", { name: "Actions for +4915799988877" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Make admin" }));
    await waitFor(() => expect(participantCalls(f)).toEqual([{ action: "promote", participants: [MEMBER] }]));
    expect(await screen.findByText("+4915799988877 is now an admin")).toBeTruthy();
    await waitFor(() => expect(groupReads(f)).toBeGreaterThan(reads));
  });

  it("removes a member only after the confirmation", async () => {
    const f = setup();
    const panel = await openPanel();
    await userEvent.click(within(panel).getByRole("button", { name: "Actions for +4915799988877" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Remove from group" }));
    const confirm = await screen.findByRole("alertdialog", { name: "Remove +4915799988877?" });
    expect(participantCalls(f)).toEqual([]);
    await userEvent.click(within(confirm).getByRole("button", { name: "Remove" }));
    await waitFor(() => expect(participantCalls(f)).toEqual([{ action: "remove", participants: [MEMBER] }]));
  });

  it("adds a member by number and says why WhatsApp refused one", async () => {
    const f = setup({ result: (jid) => ({ jid, phone: null, result: "privacy_blocked", status: "403" }) });
    const panel = await openPanel();
    await userEvent.type(within(panel).getByLabelText("Add a member"), "+44 7700 900123");
    await userEvent.click(within(panel).getByRole("button", { name: "Add" }));
    await waitFor(() => expect(participantCalls(f)).toEqual([{ action: "add", participants: ["447700900123"] }]));
    expect(
      await within(panel).findByText("+447700900123: their privacy settings don't allow being added."),
    ).toBeTruthy();
  });

  it("offers no member actions to a member who is not an admin, nor on the owner or yourself", async () => {
    setup({ ownPhone: "4915799988877" });
    const panel = await openPanel();
    expect(within(panel).queryByRole("button", { name: /^Actions for/ })).toBeNull();
    expect(within(panel).queryByLabelText("Add a member")).toBeNull();
  });

  it("offers an admin actions only on members they may change", async () => {
    setup();
    const panel = await openPanel();
    const menus = within(panel)
      .getAllByRole("button", { name: /^Actions for/ })
      .map((b) => b.getAttribute("aria-label"));
    expect(menus).toEqual(["Actions for +4915799988877"]);
  });
});
