import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket, fakeFetch, makeDelivery, makeWebhook, page } from "../test/fakes";
import { renderApp } from "../test/render-app";

const HOOK = makeWebhook(1);

describe("delivery log", () => {
  beforeEach(() => vi.stubGlobal("WebSocket", FakeSocket));
  afterEach(() => vi.unstubAllGlobals());

  it("says when a pending delivery is tried next ('in N min') and prints the HTTP status once", async () => {
    window.location.hash = "#/webhooks";
    const pending = makeDelivery(1, {
      webhookId: HOOK.id,
      status: "pending",
      attempts: 2,
      responseStatus: 500,
      error: "the endpoint answered HTTP 500",
      lastAttemptAt: new Date().toISOString(),
      nextAttemptAt: new Date(Date.now() + 4 * 60_000 + 10_000).toISOString(),
    });
    const { fetch } = fakeFetch({
      "GET /v1/sessions": page([]),
      "GET /v1/webhooks": page([HOOK]),
      "GET /v1/webhooks/.+/deliveries": page([pending]),
    });
    renderApp(fetch);
    await userEvent.click(await screen.findByRole("button", { name: /Deliveries/ }));
    const table = await screen.findByRole("table", { name: "Recent deliveries" });
    const row = within(table).getAllByRole("row")[1]!;
    expect(row.textContent).toContain("next try in 5 min");
    expect(row.textContent?.match(/HTTP 500/g)).toHaveLength(1);
  });
});
