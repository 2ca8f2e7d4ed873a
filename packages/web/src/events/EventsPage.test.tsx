import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EventLogEntry } from "../api/types";
import {
  FakeSocket,
  deliveryId,
  fakeFetch,
  frame,
  makeSession,
  messageId,
  page,
  realtimeToken,
  sessionId,
  webhookId,
} from "../test/fakes";
import { renderApp } from "../test/render-app";

const S1 = sessionId(1);
const S2 = sessionId(2);
const at = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

const LOGGED_OUT: EventLogEntry = {
  id: "evt_01JD8K3V7Q0000000000000901",
  type: "session.status",
  sessionId: S1 as never,
  at: at(5),
  data: {
    status: "logged_out",
    lastDisconnect: { code: 401, reason: "logged_out", message: "The phone logged this device out", at: at(5) },
  },
};
const WEBHOOK_DEAD: EventLogEntry = {
  id: `${deliveryId(1)}:18`,
  type: "webhook.failed",
  sessionId: S2 as never,
  at: at(10),
  data: {
    webhookId: webhookId(1) as never,
    deliveryId: deliveryId(1) as never,
    eventType: "message.received",
    attempts: 18,
    responseStatus: 500,
    error: "HTTP 500",
    dead: true,
  },
};
const SEND_FAILED: EventLogEntry = {
  id: "evt_01JD8K3V7Q0000000000000903",
  type: "message.failed",
  sessionId: S2 as never,
  at: at(20),
  data: {
    messageId: messageId(1) as never,
    chatJid: "4917612345678@s.whatsapp.net",
    code: "session_not_open",
    reason: "the session is not connected",
  },
};

function setup(routes: Parameters<typeof fakeFetch>[0] = {}) {
  window.location.hash = "#/events";
  const f = fakeFetch({
    "GET /v1/sessions": page([
      makeSession(1, { name: "Night line", status: "logged_out" }),
      makeSession(2, { name: "Shop", status: "open" }),
    ]),
    "GET /v1/events": (req) => {
      const sid = req.query.get("sessionId");
      const type = req.query.get("type");
      return page(
        [LOGGED_OUT, WEBHOOK_DEAD, SEND_FAILED].filter(
          (e) => (!sid || e.sessionId === sid) && (!type || e.type === type),
        ),
      );
    },
    "POST /v1/realtime/tokens": { status: 201, body: realtimeToken() },
    ...routes,
  });
  renderApp(f.fetch);
  return f.requests;
}

const items = () => within(screen.getByRole("list", { name: "Events" })).getAllByRole("listitem");

describe("events page", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("is in the navigation and lists events newest first with their reasons and sessions", async () => {
    setup();
    expect(screen.getByRole("link", { name: "Events" }).getAttribute("aria-current")).toBe("page");
    await screen.findByText("Logged out");
    const [first, second, third] = items();
    expect(first!.textContent).toContain("The phone logged this device out (logged_out, 401)");
    expect(first!.textContent).toContain("Night line");
    expect(second!.textContent).toContain("Webhook delivery gave up after 18 attempts");
    expect(second!.textContent).toContain("message.received: HTTP 500");
    expect(third!.textContent).toContain("Send to +4917612345678 failed");
    expect(third!.textContent).toContain("the session is not connected (session_not_open)");
  });

  it("filters by session and by type through the API", async () => {
    const requests = setup();
    await screen.findByText("Logged out");
    await userEvent.selectOptions(screen.getByLabelText("Session"), "Shop");
    await waitFor(() => expect(items()).toHaveLength(2));
    await userEvent.selectOptions(screen.getByLabelText("Type"), "Failed sends");
    await waitFor(() => expect(items()).toHaveLength(1));
    expect(items()[0]!.getAttribute("data-event-type")).toBe("message.failed");
    const last = requests.filter((r) => r.path === "/v1/events").at(-1)!;
    expect({ sessionId: last.query.get("sessionId"), type: last.query.get("type") }).toEqual({
      sessionId: S2,
      type: "message.failed",
    });
    await userEvent.selectOptions(screen.getByLabelText("Type"), "Status changes");
    expect(await screen.findByText("No events match these filters")).toBeTruthy();
  });

  it("prepends a session's status change from a realtime frame, once, and only where the filter allows", async () => {
    setup();
    await screen.findByText("Logged out");
    await waitFor(() => expect(FakeSocket.all.length).toBe(1));
    act(() => FakeSocket.latest().open());
    const disconnect = {
      code: 440,
      reason: "connection_replaced",
      message: "Another client took over",
      at: new Date().toISOString(),
    };
    const f = frame("connection:status", S2, {
      status: "disconnected",
      phone: null,
      lastDisconnect: disconnect,
      health: null,
    });
    act(() => FakeSocket.latest().frame(f));
    act(() => FakeSocket.latest().frame(f));
    await waitFor(() => expect(items()).toHaveLength(4));
    expect(items()[0]!.textContent).toContain("Disconnected");
    expect(items()[0]!.textContent).toContain("Another client took over (connection_replaced, 440)");
    // a sent message's progress is not an event-log entry; its failure is
    act(() =>
      FakeSocket.latest().frame(
        frame("message:status", S2, {
          messageId: messageId(2),
          chatJid: null,
          waMessageId: null,
          status: "delivered",
          failureCode: null,
          failureReason: null,
        }),
      ),
    );
    expect(items()).toHaveLength(4);

    await userEvent.selectOptions(screen.getByLabelText("Session"), "Night line");
    await waitFor(() => expect(items()).toHaveLength(1));
    act(() =>
      FakeSocket.latest().frame(
        frame("connection:status", S2, { status: "open", phone: null, lastDisconnect: null, health: null }),
      ),
    );
    expect(items()).toHaveLength(1);
  });

  it("says so when the server has no event log yet", async () => {
    setup({ "GET /v1/events": { status: 404, body: { error: { code: "route_not_found", message: "no route" } } } });
    expect(await screen.findByText("The event log isn't available on this server yet")).toBeTruthy();
  });
});
