import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket, fakeFetch, makeSession, page, sessionId } from "../test/fakes";
import { renderApp } from "../test/render-app";

const S = sessionId(3);

function setup() {
  let session = makeSession(3, { name: "Support", status: "open", phone: "4915123456789" });
  const f = fakeFetch({
    "GET /v1/sessions": () => page([session]),
    [`PATCH /v1/sessions/${S}`]: (req) => {
      const pacing = (req.body as { pacing: object }).pacing;
      session = { ...session, pacing: { ...session.pacing, ...pacing } };
      return { status: 200, body: session };
    },
  });
  renderApp(f.fetch);
  return f.requests;
}

async function openSettings() {
  await userEvent.click(await screen.findByRole("button", { name: "More actions for Support" }));
  await userEvent.click(screen.getByRole("menuitem", { name: "Settings" }));
  return screen.findByRole("dialog", { name: "Settings · Support" });
}

describe("session settings drawer", () => {
  beforeEach(() => vi.stubGlobal("WebSocket", FakeSocket));
  afterEach(() => vi.unstubAllGlobals());

  it("saves pacing (rate, burst, daily cap, typing simulation) with PATCH and closes", async () => {
    const requests = setup();
    const drawer = await openSettings();
    const rate = within(drawer).getByLabelText("Messages per minute");
    expect((rate as HTMLInputElement).value).toBe("20");
    await userEvent.clear(rate);
    await userEvent.type(rate, "12");
    await userEvent.clear(within(drawer).getByLabelText("Daily cap"));
    await userEvent.type(within(drawer).getByLabelText("Daily cap"), "300");
    await userEvent.click(within(drawer).getByRole("checkbox", { name: /Simulate typing/ }));
    await userEvent.click(within(drawer).getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    const patch = requests.find((r) => r.method === "PATCH");
    expect(patch?.body).toEqual({ pacing: { messagesPerMinute: 12, burst: 5, dailyCap: 300, typingSimulation: true } });
    expect(await screen.findByText("Settings of Support saved.")).toBeTruthy();
  });

  it("checks the limits before sending anything", async () => {
    const requests = setup();
    const drawer = await openSettings();
    const rate = within(drawer).getByLabelText("Messages per minute");
    await userEvent.clear(rate);
    await userEvent.type(rate, "601");
    await userEvent.click(within(drawer).getByRole("button", { name: "Save settings" }));
    expect(await within(drawer).findByText("Enter a whole number from 1 to 600.")).toBeTruthy();
    expect(requests.some((r) => r.method === "PATCH")).toBe(false);
  });
});
