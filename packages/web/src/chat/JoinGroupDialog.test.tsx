import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket, fakeFetch, makeSession, page, realtimeToken, sessionId } from "../test/fakes";
import { renderApp } from "../test/render-app";
import { inviteProblem } from "./JoinGroupDialog";

const S = sessionId(1);
const GROUP = "120363025246125486@g.us";
const LINK = "https://chat.whatsapp.com/AbCdEfGhIjK0123";
const OP = "op_01JD8K3V7Q0000000000000001";
type Reply = { status: number; body?: unknown };

const joined = {
  jid: GROUP,
  subject: "Neighbours",
  description: null,
  owner: "4917612345678@s.whatsapp.net",
  createdAt: "2026-01-01T10:00:00.000Z",
  announce: false,
  restrict: false,
  participantCount: 5,
  participants: [{ jid: "4917612345678@s.whatsapp.net", phone: "4917612345678", admin: "superadmin" }],
};

function setup(join: Reply, operation?: Reply) {
  window.location.hash = `#/sessions/${S}/chat`;
  const session = makeSession(1, { name: "Support", status: "open", phone: "4915123456789" });
  const f = fakeFetch({
    "GET /v1/sessions": page([session]),
    [`GET /v1/sessions/${S}`]: { status: 200, body: session },
    [`GET /v1/sessions/${S}/chats`]: page([]),
    [`GET /v1/sessions/${S}/chats/[^/]+/messages`]: page([]),
    [`POST /v1/sessions/${S}/groups/join`]: join,
    [`GET /v1/sessions/${S}/operations/${OP}`]: operation ?? { status: 404 },
    "POST /v1/realtime/tokens": { status: 201, body: realtimeToken() },
  });
  renderApp(f.fetch);
  return f;
}

async function pasteAndJoin(invite: string) {
  await userEvent.click(await screen.findByRole("button", { name: "Join group" }));
  const dialog = await screen.findByRole("dialog", { name: "Join a group" });
  const field = within(dialog).getByLabelText("Invite link or code");
  await userEvent.click(field);
  await userEvent.paste(invite);
  await userEvent.click(within(dialog).getByRole("button", { name: "Join group" }));
  return dialog;
}

const joins = (f: ReturnType<typeof setup>) => f.requests.filter((r) => r.path.endsWith("/groups/join"));

describe("join group dialog", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("joins with a pasted invite link and opens the group's thread under its subject", async () => {
    const f = setup({ status: 200, body: joined });
    await pasteAndJoin(`  ${LINK} `);
    await waitFor(() => expect(window.location.hash).toBe(`#/sessions/${S}/chat/${encodeURIComponent(GROUP)}`));
    expect(joins(f).map((r) => r.body)).toEqual([{ code: LINK }]);
    const thread = await screen.findByRole("region", { name: "Conversation with Neighbours" });
    expect(within(thread).getByText("5 members")).toBeTruthy();
    expect(await screen.findByText("You joined Neighbours")).toBeTruthy();
    expect(screen.queryByRole("dialog", { name: "Join a group" })).toBeNull();
  });

  it("says the invite is not valid any more when WhatsApp does not know it (invite_invalid)", async () => {
    setup({
      status: 404,
      body: {
        error: {
          code: "not_found",
          message: "no group has this invite code",
          details: [{ path: "operation", message: "no group has this invite code", code: "invite_invalid" }],
        },
      },
    });
    const dialog = await pasteAndJoin(LINK);
    expect(await within(dialog).findByText(/This invite link is not valid any more/)).toBeTruthy();
    expect(window.location.hash).toBe(`#/sessions/${S}/chat`);
  });

  it("follows a slow join (202) to its result", async () => {
    setup(
      { status: 202, body: { operationId: OP, status: "pending" } },
      {
        status: 200,
        body: {
          id: OP,
          sessionId: S,
          op: "groups.join",
          status: "succeeded",
          result: joined,
          failure: null,
          createdAt: "2026-01-01T10:00:00.000Z",
          settledAt: "2026-01-01T10:00:02.000Z",
        },
      },
    );
    const dialog = await pasteAndJoin("AbCdEfGhIjK0123");
    expect(await within(dialog).findByText(/Still waiting for WhatsApp/)).toBeTruthy();
    await waitFor(() => expect(window.location.hash).toBe(`#/sessions/${S}/chat/${encodeURIComponent(GROUP)}`), {
      timeout: 4000,
    });
  });

  it("refuses another site's link without asking WhatsApp", async () => {
    const f = setup({ status: 200, body: joined });
    const dialog = await pasteAndJoin("https://example.com/AbCdEf");
    expect(within(dialog).getByText("That is not a WhatsApp invite link (chat.whatsapp.com/…).")).toBeTruthy();
    expect(joins(f)).toHaveLength(0);
  });
});

describe("inviteProblem", () => {
  it("takes a link with or without the scheme, or a bare code", () => {
    expect(inviteProblem(LINK)).toBeNull();
    expect(inviteProblem("chat.whatsapp.com/AbCdEf")).toBeNull();
    expect(inviteProblem("AbCdEf123")).toBeNull();
    expect(inviteProblem("   ")).toBe("Paste an invite link or code.");
    expect(inviteProblem("Ab Cd")).toBe("An invite code has only letters and digits.");
  });
});
