import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Webhook } from "../api/types";
import { FakeSocket, fakeFetch, makeSession, makeWebhook, page } from "../test/fakes";
import { renderApp } from "../test/render-app";

const HOOK = makeWebhook(1, {
  url: "https://hooks.example/wharf",
  events: ["message.received"],
  headers: { "X-Team": "ops" },
});

function setup(routes: Parameters<typeof fakeFetch>[0] = {}) {
  window.location.hash = "#/webhooks";
  let current: Webhook = HOOK;
  const f = fakeFetch({
    "GET /v1/sessions": page([makeSession(1, { name: "Shop" })]),
    "GET /v1/webhooks": () => page([current]),
    "GET /v1/webhooks/.+/deliveries": page([]),
    "PATCH /v1/webhooks/.+": (req) => {
      current = { ...current, ...(req.body as Partial<Webhook>), updatedAt: "2026-01-02T00:00:00.000Z" };
      return { status: 200, body: current };
    },
    "POST /v1/webhooks/.+/rotate-secret": (req) => {
      const grace = (req.body as { graceSeconds: number }).graceSeconds;
      current = {
        ...current,
        secretPrefix: "whsec_NeW1",
        previousSecret:
          grace > 0 ? { secretPrefix: current.secretPrefix, expiresAt: "2026-01-03T00:00:00.000Z" } : null,
      };
      return { status: 200, body: { ...current, secret: "whsec_NeW1_rotated_secret" } };
    },
    ...routes,
  });
  renderApp(f.fetch);
  return f.requests;
}

async function openEdit() {
  await screen.findByText(HOOK.url);
  await userEvent.click(screen.getByRole("button", { name: `Edit webhook ${HOOK.url}` }));
  return screen.getByRole("dialog", { name: "Edit webhook" });
}

describe("webhook edit dialog", () => {
  beforeEach(() => vi.stubGlobal("WebSocket", FakeSocket));
  afterEach(() => vi.unstubAllGlobals());

  it("sends only what changed (URL, events, sessions, headers) and shows the change in the list", async () => {
    const requests = setup();
    const dialog = await openEdit();
    const url = within(dialog).getByLabelText("Endpoint URL");
    await userEvent.clear(url);
    await userEvent.type(url, "https://hooks.example/v2");
    await userEvent.click(within(dialog).getByRole("checkbox", { name: /session\.status/ }));
    await userEvent.click(within(dialog).getByRole("radio", { name: "Only selected sessions" }));
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Shop" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Add header" }));
    await userEvent.type(within(dialog).getByLabelText("Header 2 name"), "Authorization");
    await userEvent.type(within(dialog).getByLabelText("Header 2 value"), "Bearer abc");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save changes" }));

    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Edit webhook" })).toBeNull());
    expect(requests.find((r) => r.method === "PATCH")!.body).toEqual({
      url: "https://hooks.example/v2",
      events: ["session.status", "message.received"],
      sessionIds: [makeSession(1).id],
      headers: { "X-Team": "ops", Authorization: "Bearer abc" },
    });
    expect(await screen.findByText("https://hooks.example/v2")).toBeTruthy();
    expect(screen.getByText("· 2 custom header(s)")).toBeTruthy();
  });

  it("pauses and resumes: a paused webhook is marked and cannot send a test", async () => {
    const requests = setup();
    let dialog = await openEdit();
    await userEvent.click(within(dialog).getByRole("checkbox", { name: /Pause deliveries/ }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Paused")).toBeTruthy();
    expect(requests.filter((r) => r.method === "PATCH").at(-1)!.body).toEqual({ paused: true });
    expect((screen.getByRole("button", { name: /Send test/ }) as HTMLButtonElement).disabled).toBe(true);

    dialog = await openEdit();
    expect((within(dialog).getByRole("checkbox", { name: /Pause deliveries/ }) as HTMLInputElement).checked).toBe(true);
    await userEvent.click(within(dialog).getByRole("checkbox", { name: /Pause deliveries/ }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(screen.queryByText("Paused")).toBeNull());
    expect(requests.filter((r) => r.method === "PATCH").at(-1)!.body).toEqual({ paused: false });
  });

  it("refuses reserved and duplicate header names before calling the API", async () => {
    const requests = setup();
    const dialog = await openEdit();
    await userEvent.click(within(dialog).getByRole("button", { name: "Add header" }));
    await userEvent.type(within(dialog).getByLabelText("Header 2 name"), "Host");
    await userEvent.type(within(dialog).getByLabelText("Header 2 value"), "evil.example");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save changes" }));
    expect(await within(dialog).findByText("Host is set by Wharf and cannot be overridden.")).toBeTruthy();
    await userEvent.clear(within(dialog).getByLabelText("Header 2 name"));
    await userEvent.type(within(dialog).getByLabelText("Header 2 name"), "x-team");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save changes" }));
    expect(await within(dialog).findByText("x-team appears twice.")).toBeTruthy();
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove header x-team" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove header X-Team" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(requests.some((r) => r.method === "PATCH")).toBe(true));
    expect(requests.find((r) => r.method === "PATCH")!.body).toEqual({ headers: {} });
  });

  it("shows the API's refusal of a URL in the dialog", async () => {
    setup({
      "PATCH /v1/webhooks/.+": {
        status: 400,
        body: {
          error: {
            code: "validation_failed",
            message: "webhook URL refused: private address",
            details: [{ path: "body.url", message: "private address" }],
          },
        },
      },
    });
    const dialog = await openEdit();
    await userEvent.clear(within(dialog).getByLabelText("Endpoint URL"));
    await userEvent.type(within(dialog).getByLabelText("Endpoint URL"), "http://10.0.0.1/x");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save changes" }));
    expect(await within(dialog).findByRole("alert")).toBeTruthy();
    expect(screen.getByRole("dialog", { name: "Edit webhook" })).toBeTruthy();
  });

  it("rotates the secret with a chosen grace period and shows the new secret once, with a copy button", async () => {
    const requests = setup();
    const dialog = await openEdit();
    await userEvent.selectOptions(within(dialog).getByLabelText("Keep the old secret valid for"), "1 hour");
    await userEvent.click(within(dialog).getByRole("button", { name: "Rotate secret" }));
    const secret = (await within(dialog).findByLabelText("New signing secret")) as HTMLInputElement;
    expect(secret.value).toBe("whsec_NeW1_rotated_secret");
    expect(within(dialog).getByRole("button", { name: "Copy secret" })).toBeTruthy();
    expect(within(dialog).getByText(/each delivery carries both signatures/)).toBeTruthy();
    expect(requests.find((r) => r.path.endsWith("/rotate-secret"))!.body).toEqual({ graceSeconds: 3600 });

    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(await screen.findByText("whsec_NeW1…")).toBeTruthy();
    expect(screen.getByText(/old secret valid until/)).toBeTruthy();
    expect(document.body.textContent).not.toContain("whsec_NeW1_rotated_secret");
  });

  it("lists and edits a webhook from a server that predates editing (no headers or paused fields)", async () => {
    const { headers: _h, paused: _p, previousSecret: _s, updatedAt: _u, ...legacy } = HOOK;
    const requests = setup({ "GET /v1/webhooks": page([legacy]) });
    const dialog = await openEdit();
    await userEvent.click(within(dialog).getByRole("checkbox", { name: /session\.status/ }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(requests.some((r) => r.method === "PATCH")).toBe(true));
    expect(requests.find((r) => r.method === "PATCH")!.body).toEqual({
      events: ["session.status", "message.received"],
    });
  });
});
