import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WEBHOOK_EVENT_TYPES } from "../api/types";
import { FakeSocket, fakeFetch, makeDelivery, makeWebhook, page } from "../test/fakes";
import { renderApp } from "../test/render-app";

const HOOK = makeWebhook(1, {
  url: "https://hooks.example/wharf",
  events: ["message.received"],
  description: "Order bot",
});
const DELIVERY = makeDelivery(1, {
  webhookId: HOOK.id,
  eventType: "message.received",
  status: "dead",
  attempts: 18,
  responseStatus: 500,
  error: "Internal Server Error",
  lastAttemptAt: "2026-01-01T01:00:00.000Z",
});

function setup(routes: Parameters<typeof fakeFetch>[0] = {}) {
  window.location.hash = "#/webhooks";
  const f = fakeFetch({
    "GET /v1/sessions": page([]),
    "GET /v1/webhooks": page([HOOK]),
    "GET /v1/webhooks/.+/deliveries": page([DELIVERY]),
    "POST /v1/webhooks": (req) => ({
      status: 201,
      body: {
        ...makeWebhook(2, { description: null }),
        ...(req.body as object),
        sessionIds: null,
        secret: "whsec_shown_once",
      },
    }),
    "POST /v1/webhooks/.+/test": {
      status: 202,
      body: makeDelivery(2, {
        webhookId: HOOK.id,
        eventType: "webhook.test",
        status: "pending",
        attempts: 0,
        responseStatus: null,
        lastAttemptAt: null,
      }),
    },
    "POST /v1/webhooks/deliveries/.+/redeliver": { status: 202, body: { ...DELIVERY, status: "pending" } },
    ...routes,
  });
  renderApp(f.fetch);
  return f.requests;
}

describe("webhooks page", () => {
  beforeEach(() => vi.stubGlobal("WebSocket", FakeSocket));
  afterEach(() => vi.unstubAllGlobals());

  it("lists a webhook with its description, events and secret prefix", async () => {
    setup();
    await screen.findByText(HOOK.url);
    expect(screen.getByText("Order bot")).toBeTruthy();
    expect(screen.getByText("message.received")).toBeTruthy();
    expect(screen.getByText(`${HOOK.secretPrefix}…`)).toBeTruthy();
  });

  it("creates a webhook with an event filter and shows the signing secret once", async () => {
    const requests = setup();
    await screen.findByText(HOOK.url);
    await userEvent.click(screen.getByRole("button", { name: "New webhook" }));
    const dialog = screen.getByRole("dialog", { name: "New webhook" });
    await userEvent.type(within(dialog).getByLabelText("Endpoint URL"), "not a url");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create webhook" }));
    expect(await within(dialog).findByText(/not a valid URL/)).toBeTruthy();

    await userEvent.clear(within(dialog).getByLabelText("Endpoint URL"));
    await userEvent.type(within(dialog).getByLabelText("Endpoint URL"), "https://example.com/in");
    await userEvent.type(within(dialog).getByLabelText("Description (optional)"), "CRM sync");
    // the fleet's event names: three are preselected; drop one, add another
    expect(within(dialog).getAllByRole("checkbox")).toHaveLength(WEBHOOK_EVENT_TYPES.length);
    await userEvent.click(within(dialog).getByRole("checkbox", { name: /session\.status/ }));
    await userEvent.click(within(dialog).getByRole("checkbox", { name: /contacts\.upsert/ }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Create webhook" }));
    const created = await screen.findByRole("dialog", { name: "Webhook created" });
    expect((within(created).getByLabelText("Signing secret") as HTMLInputElement).value).toBe("whsec_shown_once");
    expect(requests.find((r) => r.method === "POST" && r.path === "/v1/webhooks")!.body).toEqual({
      url: "https://example.com/in",
      events: ["message.received", "message.status", "contacts.upsert"],
      description: "CRM sync",
    });
  });

  it("refuses to create a webhook with no events", async () => {
    const requests = setup();
    await screen.findByText(HOOK.url);
    await userEvent.click(screen.getByRole("button", { name: "New webhook" }));
    const dialog = screen.getByRole("dialog", { name: "New webhook" });
    await userEvent.type(within(dialog).getByLabelText("Endpoint URL"), "https://example.com/in");
    for (const box of within(dialog).getAllByRole("checkbox"))
      if ((box as HTMLInputElement).checked) await userEvent.click(box);
    await userEvent.click(within(dialog).getByRole("button", { name: "Create webhook" }));
    expect(await within(dialog).findByText("Pick at least one event.")).toBeTruthy();
    expect(requests.some((r) => r.method === "POST" && r.path === "/v1/webhooks")).toBe(false);
  });

  it("sends a test event, shows the delivery log and redelivers a dead delivery", async () => {
    const requests = setup();
    await screen.findByText(HOOK.url);
    await userEvent.click(screen.getByRole("button", { name: /Send test/ }));
    expect(await screen.findByText("Gave up")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: /Redeliver message\.received/ }));
    await waitFor(() =>
      expect(requests.some((r) => r.path === `/v1/webhooks/deliveries/${DELIVERY.id}/redeliver`)).toBe(true),
    );
    expect(requests.some((r) => r.path === `/v1/webhooks/${HOOK.id}/test`)).toBe(true);
  });

  it("says so when the server has no webhooks API yet", async () => {
    setup({ "GET /v1/webhooks": { status: 404, body: { error: { code: "route_not_found", message: "no route" } } } });
    expect(await screen.findByText("Webhooks aren't available on this server yet")).toBeTruthy();
  });
});
