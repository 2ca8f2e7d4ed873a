import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket, fakeFetch, makeChat, makeSession, page, realtimeToken, sessionId } from "../test/fakes";
import { openThreadDrawer } from "../test/chat-thread";
import { renderApp } from "../test/render-app";

const S = sessionId(1);
const GROUP = "120363025246125486@g.us";
const GROUP_PATH = `/v1/sessions/${S}/groups/[^/]+`;
const ADMIN = "4915123456789";
const MEMBER = "4915799988877";

const info = {
  jid: GROUP,
  subject: "Family Trip",
  description: "Planning the summer",
  owner: "4917612345678@s.whatsapp.net",
  createdAt: null,
  announce: false,
  restrict: true,
  participantCount: 3,
  participants: [
    { jid: `${MEMBER}@s.whatsapp.net`, phone: MEMBER, admin: null },
    { jid: "4917612345678@s.whatsapp.net", phone: "4917612345678", admin: "superadmin" },
    { jid: `${ADMIN}@s.whatsapp.net`, phone: ADMIN, admin: "admin" },
  ],
};

type Reply = { status: number; body?: unknown };

function setup({ ownPhone = ADMIN, restrict = true, update = null as Reply | null } = {}) {
  window.location.hash = `#/sessions/${S}/chat/${encodeURIComponent(GROUP)}`;
  const session = makeSession(1, { name: "Support", status: "open", phone: ownPhone });
  const f = fakeFetch({
    "GET /v1/sessions": page([session]),
    [`GET /v1/sessions/${S}`]: { status: 200, body: session },
    [`GET /v1/sessions/${S}/chats`]: page([
      makeChat(GROUP, { phone: null, group: { subject: "Family Trip", participantCount: 3 } }),
    ]),
    [`GET /v1/sessions/${S}/chats/[^/]+/messages`]: page([]),
    [`GET ${GROUP_PATH}`]: { status: 200, body: { ...info, restrict } },
    [`PATCH ${GROUP_PATH}`]: (req) => update ?? { status: 200, body: { ...info, restrict, ...(req.body as object) } },
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

async function edit(panel: HTMLElement, subject: string, description: string) {
  await userEvent.click(within(panel).getByRole("button", { name: "Edit name and description" }));
  const form = within(panel).getByRole("form", { name: "Edit group info" });
  const name = within(form).getByLabelText("Group name");
  expect(document.activeElement).toBe(name);
  await userEvent.clear(name);
  if (subject) await userEvent.type(name, subject);
  const about = within(form).getByLabelText("Description");
  await userEvent.clear(about);
  if (description) await userEvent.type(about, description);
  await userEvent.click(within(form).getByRole("button", { name: "Save" }));
  return form;
}

describe("editing a group's name and description", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("sends only what changed, and the list, the thread head and the drawer show the new name", async () => {
    const f = setup();
    const panel = await openPanel();
    await edit(panel, "Summer Trip", "Planning the summer");
    await waitFor(() => expect(f.requests.filter((r) => r.method === "PATCH")).toHaveLength(1));
    expect(f.requests.find((r) => r.method === "PATCH")?.body).toEqual({ subject: "Summer Trip" });
    expect(await screen.findByRole("dialog", { name: "Summer Trip" })).toBeTruthy();
    expect(screen.getByRole("list", { name: "Conversations" }).textContent).toContain("Summer Trip");
    expect(screen.getByRole("region", { name: "Conversation with Summer Trip" })).toBeTruthy();
    expect(await screen.findByText("Group info saved")).toBeTruthy();
    // keyboard focus comes back to the button that opened the form
    expect(document.activeElement?.textContent).toBe("Edit name and description");
  });

  it("removes the description when it is emptied", async () => {
    const f = setup();
    const panel = await openPanel();
    await edit(panel, "Family Trip", "");
    await waitFor(() => expect(f.requests.find((r) => r.method === "PATCH")?.body).toEqual({ description: null }));
    await waitFor(() => expect(panel.textContent).not.toContain("Planning the summer"));
    expect(panel.textContent).toContain("No description");
  });

  it("says in words that only admins may change it when WhatsApp refuses (not_admin)", async () => {
    setup({
      update: {
        status: 403,
        body: {
          error: {
            code: "forbidden",
            message: "not an admin",
            details: [{ path: "operation", message: "x", code: "not_admin" }],
          },
        },
      },
    });
    const panel = await openPanel();
    const form = await edit(panel, "Summer Trip", "Planning the summer");
    expect(await within(form).findByText("Only group admins can do that.")).toBeTruthy();
    expect(screen.getByRole("list", { name: "Conversations" }).textContent).not.toContain("Summer Trip");
  });

  it("asks for a name instead of sending an empty one", async () => {
    const f = setup();
    const panel = await openPanel();
    const form = await edit(panel, "", "Planning the summer");
    expect(within(form).getByText("Give the group a name.")).toBeTruthy();
    expect(f.requests.some((r) => r.method === "PATCH")).toBe(false);
  });

  it("offers no edit to a member of a restricted group (admins only)", async () => {
    setup({ ownPhone: MEMBER });
    const panel = await openPanel();
    expect(within(panel).queryByRole("button", { name: "Edit name and description" })).toBeNull();
    expect(panel.textContent).toContain("Planning the summer");
  });

  it("lets a member edit when the group is not restricted", async () => {
    setup({ ownPhone: MEMBER, restrict: false });
    const panel = await openPanel();
    expect(within(panel).getByRole("button", { name: "Edit name and description" })).toBeTruthy();
  });
});
