import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket, fakeFetch, makeSession, page, realtimeToken, sessionId } from "../test/fakes";
import { renderApp } from "../test/render-app";

const S = sessionId(1);
const PICTURE = "https://pps.whatsapp.net/v/t61/own.jpg";
type Reply = { status: number; body?: unknown };

const profile = {
  jid: "4915123456789@s.whatsapp.net",
  phone: "4915123456789",
  name: "Support desk",
  pictureUrl: PICTURE,
};

function setup(answer: Reply, phone: string | null = "4915123456789") {
  window.location.hash = `#/sessions/${S}/chat`;
  const session = makeSession(1, { name: "Support", status: "open", phone });
  const f = fakeFetch({
    "GET /v1/sessions": page([session]),
    [`GET /v1/sessions/${S}`]: { status: 200, body: session },
    [`GET /v1/sessions/${S}/chats`]: page([]),
    [`GET /v1/sessions/${S}/profile`]: answer,
    "POST /v1/realtime/tokens": { status: 201, body: realtimeToken() },
  });
  renderApp(f.fetch);
  return f;
}

async function openProfile() {
  await userEvent.click(await screen.findByRole("button", { name: "Linked account's profile" }));
  return screen.findByRole("dialog", { name: "Linked account" });
}

const profileReads = (f: ReturnType<typeof setup>) => f.requests.filter((r) => r.path.endsWith("/profile"));

describe("the linked account's profile", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows the account's name, number and picture, read only once the drawer opens", async () => {
    const f = setup({ status: 200, body: profile });
    await screen.findByRole("button", { name: "Linked account's profile" });
    expect(profileReads(f)).toHaveLength(0);
    const drawer = await openProfile();
    const picture = await within(drawer).findByRole("img", { name: "Support desk" });
    expect(picture.getAttribute("src")).toBe(PICTURE);
    expect(drawer.textContent).toContain("Support desk");
    expect(drawer.textContent).toContain("+4915123456789");
    expect(profileReads(f)).toHaveLength(1);
  });

  it("says so when the account has no name or picture", async () => {
    setup({ status: 200, body: { ...profile, name: null, pictureUrl: null } });
    const drawer = await openProfile();
    expect(await within(drawer).findByText("No name set")).toBeTruthy();
    expect(within(drawer).getByText(/No profile picture/)).toBeTruthy();
    expect(within(drawer).queryByRole("img")).toBeNull();
  });

  it("explains in words when the session is not connected (session_not_open)", async () => {
    setup({
      status: 409,
      body: {
        error: {
          code: "invalid_state",
          message: "session is not open",
          details: [{ path: "operation", message: "session is not open", code: "session_not_open" }],
        },
      },
    });
    const drawer = await openProfile();
    expect(await within(drawer).findByText("The session is not connected to WhatsApp right now.")).toBeTruthy();
  });

  it("is not offered before a phone is linked", async () => {
    setup({ status: 200, body: profile }, null);
    // the header has the session once its status badge shows
    await within(await screen.findByRole("banner")).findByText("Connected");
    expect(screen.queryByRole("button", { name: "Linked account's profile" })).toBeNull();
  });
});
