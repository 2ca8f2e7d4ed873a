import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket, fakeFetch, makeChat, makeSession, page, realtimeToken, sessionId } from "../test/fakes";
import { openThreadDrawer } from "../test/chat-thread";
import { renderApp } from "../test/render-app";

const S = sessionId(1);
const GROUP = "120363025246125486@g.us";
const GROUP_PATH = `/v1/sessions/${S}/groups/[^/]+`;
const LINK = "https://chat.whatsapp.com/AbCdEfGhIjK";

const info = {
  jid: GROUP,
  subject: "Family Trip",
  description: "Planning the summer",
  owner: "4917612345678@s.whatsapp.net",
  createdAt: null,
  announce: false,
  restrict: false,
  participantCount: 4,
  participants: [
    { jid: "4915799988877@s.whatsapp.net", phone: "4915799988877", admin: null },
    { jid: "123456789012345@lid", phone: null, admin: null },
    { jid: "4917612345678@s.whatsapp.net", phone: "4917612345678", admin: "superadmin" },
    { jid: "4915123456789@s.whatsapp.net", phone: "4915123456789", admin: "admin" },
  ],
};

type Reply = { status: number; body?: unknown };

function setup({
  group = { status: 200, body: info } as Reply,
  invite = { status: 200, body: { jid: GROUP, code: "AbCdEfGhIjK", link: LINK } } as Reply,
} = {}) {
  window.location.hash = `#/sessions/${S}/chat/${encodeURIComponent(GROUP)}`;
  const session = makeSession(1, { name: "Support", status: "open", phone: "4915123456789" });
  const f = fakeFetch({
    "GET /v1/sessions": page([session]),
    [`GET /v1/sessions/${S}`]: { status: 200, body: session },
    [`GET /v1/sessions/${S}/chats`]: page([
      makeChat(GROUP, { phone: null, group: { subject: "Family Trip", participantCount: 4 } }),
    ]),
    [`GET /v1/sessions/${S}/chats/[^/]+/messages`]: page([]),
    [`GET ${GROUP_PATH}`]: (req) =>
      req.query.get("stored") === "true" ? { status: 200, body: { ...info, description: "The stored copy" } } : group,
    [`GET ${GROUP_PATH}/invite`]: invite,
    [`POST ${GROUP_PATH}/leave`]: { status: 200, body: { jid: GROUP, left: true } },
    "POST /v1/realtime/tokens": { status: 201, body: realtimeToken() },
  });
  renderApp(f.fetch);
  return f;
}

const openPanel = () => openThreadDrawer("Group info", "Family Trip");

describe("group info panel", () => {
  let writeText: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
    writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  });
  afterEach(() => vi.unstubAllGlobals());

  it("lists the members, admins first with their badges, numbers for people and never a LID", async () => {
    setup();
    const panel = await openPanel();
    const members = await within(panel).findByRole("list", { name: "Members" });
    const rows = within(members)
      .getAllByRole("listitem")
      .map((li) => [
        li.querySelector(".group-info__name")?.textContent,
        li.querySelector(".badge")?.textContent ?? null,
      ]);
    expect(rows).toEqual([
      ["+4917612345678", "Owner"],
      ["+4915123456789", "Admin"],
      ["+4915799988877", null],
      ["Unknown member", null],
    ]);
    expect(panel.textContent).toContain("Planning the summer");
    expect(panel.textContent).toContain("4 members");
  });

  it("copies the invite link to the clipboard", async () => {
    setup();
    const panel = await openPanel();
    await within(panel).findByRole("list", { name: "Members" });
    await userEvent.click(within(panel).getByRole("button", { name: "Copy invite link" }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(LINK));
    expect(await screen.findByText("Invite link copied")).toBeTruthy();
  });

  it("says only admins can share the link when WhatsApp refuses it", async () => {
    setup({
      invite: {
        status: 403,
        body: { error: { code: "forbidden", message: "not an admin", details: [{ code: "not_admin" }] } },
      },
    });
    const panel = await openPanel();
    await userEvent.click(within(panel).getByRole("button", { name: "Copy invite link" }));
    expect(await screen.findByText("Only group admins can share the invite link.")).toBeTruthy();
    expect(writeText).not.toHaveBeenCalled();
  });

  it("shows the stored copy when the owner is slow to answer (202)", async () => {
    setup({ group: { status: 202, body: { operationId: "op_01JD8K3V7Q0000000000000001", status: "pending" } } });
    const panel = await openPanel();
    await waitFor(() => expect(panel.textContent).toContain("The stored copy"));
  });

  it("leaves the group only after the confirmation, then goes back to the list", async () => {
    const f = setup();
    const panel = await openPanel();
    await userEvent.click(within(panel).getByRole("button", { name: "Leave group" }));
    const confirm = await screen.findByRole("alertdialog", { name: "Leave Family Trip?" });
    expect(f.requests.some((r) => r.path.endsWith("/leave"))).toBe(false);
    await userEvent.click(within(confirm).getByRole("button", { name: "Leave group" }));
    await waitFor(() =>
      expect(f.requests.filter((r) => r.method === "POST" && r.path.endsWith("/leave"))).toHaveLength(1),
    );
    await waitFor(() => expect(window.location.hash).toBe(`#/sessions/${S}/chat`));
    expect(await screen.findByText("You left Family Trip")).toBeTruthy();
  });
});
