import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket, fakeFetch, makeSession, page, realtimeToken, sessionId } from "../test/fakes";
import { renderApp } from "../test/render-app";

const S = sessionId(1);
type Reply = { status: number; body?: unknown };

function setup(check: (phones: string[]) => Reply, operation?: Reply) {
  window.location.hash = `#/sessions/${S}/chat`;
  const session = makeSession(1, { name: "Support", status: "open", phone: "4915123456789" });
  const f = fakeFetch({
    "GET /v1/sessions": page([session]),
    [`GET /v1/sessions/${S}`]: { status: 200, body: session },
    [`GET /v1/sessions/${S}/chats`]: page([]),
    [`POST /v1/sessions/${S}/contacts/check`]: (req) => check((req.body as { phones: string[] }).phones),
    [`GET /v1/sessions/${S}/operations/[^/]+`]: operation ?? { status: 404 },
    "POST /v1/realtime/tokens": { status: 201, body: realtimeToken() },
  });
  renderApp(f.fetch);
  return f;
}

const onWa = (phones: string[]) => ({
  status: 200,
  body: {
    results: phones.map((phone) => ({
      phone,
      onWhatsApp: phone.endsWith("8"),
      jid: phone.endsWith("8") ? `${phone}@s.whatsapp.net` : null,
    })),
  },
});

async function openDialog() {
  await userEvent.click(await screen.findByRole("button", { name: "New chat" }));
  return screen.findByRole("dialog", { name: "New chat" });
}

describe("new chat number check", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("says a typed number is on WhatsApp, checking once after typing pauses", async () => {
    const f = setup(onWa);
    const dialog = await openDialog();
    await userEvent.type(within(dialog).getByLabelText("Phone number"), "+49 176 12345678");
    expect(await within(dialog).findByText("On WhatsApp")).toBeTruthy();
    const checks = f.requests.filter((r) => r.path.endsWith("/contacts/check"));
    expect(checks.map((r) => r.body)).toEqual([{ phones: ["4917612345678"] }]);
  });

  it("warns before starting a chat with a number that is not on WhatsApp", async () => {
    setup(onWa);
    const dialog = await openDialog();
    await userEvent.type(within(dialog).getByLabelText("Phone number"), "4917612345670");
    expect(await within(dialog).findByText(/^Not on WhatsApp/)).toBeTruthy();
  });

  it("says it is still waiting when WhatsApp is slow (202), then shows the polled answer", async () => {
    setup(() => ({ status: 202, body: { operationId: "op_01JD8K3V7Q0000000000000001", status: "pending" } }), {
      status: 200,
      body: {
        id: "op_01JD8K3V7Q0000000000000001",
        sessionId: S,
        op: "contacts.check",
        status: "succeeded",
        result: onWa(["4917612345678"]).body,
        failure: null,
        createdAt: "2026-01-01T10:00:00.000Z",
        settledAt: "2026-01-01T10:00:01.000Z",
      },
    });
    const dialog = await openDialog();
    await userEvent.type(within(dialog).getByLabelText("Phone number"), "4917612345678");
    expect(await within(dialog).findByText("Still waiting for WhatsApp…")).toBeTruthy();
    await waitFor(() => expect(within(dialog).getByText("On WhatsApp")).toBeTruthy(), { timeout: 4000 });
  });

  it("shows a readable message when the session cannot ask WhatsApp", async () => {
    setup(() => ({
      status: 409,
      body: {
        error: {
          code: "invalid_state",
          message: "session is not open",
          details: [{ path: "session", message: "x", code: "session_not_open" }],
        },
      },
    }));
    const dialog = await openDialog();
    await userEvent.type(within(dialog).getByLabelText("Phone number"), "4917612345678");
    expect(
      await within(dialog).findByText("Couldn't check the number: The session is not connected to WhatsApp right now."),
    ).toBeTruthy();
  });
});
