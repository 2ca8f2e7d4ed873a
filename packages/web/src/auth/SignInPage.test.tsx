import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../app/App";
import { FakeSocket, fakeFetch, makeSession, page, realtimeToken } from "../test/fakes";
import { GOOD_KEY, memoryStorage, renderApp } from "../test/render-app";
import { KEY_STORAGE_NAME } from "./key-storage";
import { normalizeKeyInput } from "./SignInPage";

const unauthorized = { status: 401, body: { error: { code: "unauthorized", message: "invalid API key" } } };

function api() {
  return fakeFetch({
    "GET /v1/sessions": (req) =>
      req.headers.authorization === `Bearer ${GOOD_KEY}`
        ? page([makeSession(1, { name: "Support line" })])
        : unauthorized,
  });
}

async function signInWith(key: string) {
  await userEvent.type(screen.getByLabelText("API key"), key);
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("sign-in", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("says clearly that a wrong key was not accepted, and stores nothing", async () => {
    const { fetch } = fakeFetch({ "GET /v1/sessions": unauthorized });
    const { storage } = renderApp(fetch, memoryStorage(null));
    await signInWith("wharf_sk_wrong");
    expect(await screen.findByText(/was not accepted/)).toBeTruthy();
    expect(storage.value).toBeNull();
    expect(screen.getByLabelText("API key").getAttribute("aria-invalid")).toBe("true");
  });

  it("tells a pasted non-Wharf key apart from a revoked one", async () => {
    const { fetch } = fakeFetch({ "GET /v1/sessions": unauthorized });
    renderApp(fetch, memoryStorage(null));
    await signInWith("sk_live_abc");
    expect(await screen.findByText(/not a Wharf API key/)).toBeTruthy();
  });

  it("explains that the platform admin key is the wrong kind of key", async () => {
    const { fetch } = fakeFetch({
      "GET /v1/sessions": { status: 403, body: { error: { code: "forbidden", message: "admin key" } } },
    });
    renderApp(fetch, memoryStorage(null));
    await signInWith("wharf_admin_x");
    expect(await screen.findByText(/platform admin key/)).toBeTruthy();
  });

  it("says when the API cannot be reached", async () => {
    const { fetch } = fakeFetch({ "GET /v1/sessions": "network_error" });
    renderApp(fetch, memoryStorage(null));
    await signInWith(GOOD_KEY);
    expect(await screen.findByText(/Can't reach the Wharf API/)).toBeTruthy();
  });

  it("signs in with a good key, keeps it for the tab and shows the sessions", async () => {
    const { fetch, requests } = api();
    const { storage } = renderApp(fetch, memoryStorage(null));
    await signInWith(`  Bearer ${GOOD_KEY}\n`);
    expect(await screen.findByText("Support line")).toBeTruthy();
    expect(storage.value).toBe(GOOD_KEY);
    expect(requests.every((r) => r.path !== "/v1/sessions" || r.headers.authorization === `Bearer ${GOOD_KEY}`)).toBe(
      true,
    );
  });

  it("degrades to 'live updates unavailable' when the server has no realtime endpoint", async () => {
    const { fetch } = api();
    renderApp(fetch);
    expect(await screen.findByText("Support line")).toBeTruthy();
    expect(await screen.findByText("Live updates unavailable")).toBeTruthy();
    expect(FakeSocket.all).toHaveLength(0);
  });

  it("sign-out clears the key and returns to the sign-in page", async () => {
    const { fetch } = api();
    const { storage } = renderApp(fetch);
    await screen.findByText("Support line");
    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(storage.value).toBeNull();
    expect(screen.getByLabelText("API key")).toBeTruthy();
    expect(screen.queryByText("Support line")).toBeNull();
  });

  it("signs out with a reason when the stored key stops working", async () => {
    let revoked = false;
    const { fetch } = fakeFetch({
      "GET /v1/sessions": () => (revoked ? unauthorized : page([makeSession(1, { name: "Support line" })])),
      "POST /v1/sessions": unauthorized,
    });
    const { storage } = renderApp(fetch);
    await screen.findByText("Support line");
    revoked = true;
    await userEvent.click(screen.getAllByRole("button", { name: /New session/ })[0]!);
    await userEvent.type(screen.getByLabelText("Name"), "Sales");
    await userEvent.click(screen.getByRole("button", { name: "Create and link" }));
    await waitFor(() => expect(storage.value).toBeNull());
    expect(screen.getByText(/no longer accepted/)).toBeTruthy();
  });
});

describe("a revoked key and other tabs", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("signs a live tab out as soon as it comes back into view with a revoked key, without waiting for a request", async () => {
    let revoked = false;
    const { fetch } = fakeFetch({
      "GET /v1/sessions": () => (revoked ? unauthorized : page([makeSession(1, { name: "Support line" })])),
      "POST /v1/realtime/tokens": { status: 201, body: realtimeToken() },
    });
    const { storage } = renderApp(fetch);
    await screen.findByText("Support line");
    await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    act(() => FakeSocket.latest().open());
    expect(await screen.findByText("Live")).toBeTruthy();
    revoked = true;
    act(() => void window.dispatchEvent(new Event("focus")));
    await waitFor(() => expect(storage.value).toBeNull());
    expect(screen.getByText(/no longer accepted/)).toBeTruthy();
    expect(screen.queryByText("Live")).toBeNull();
  });

  it("shares one sign-in across tabs: another tab signing out or in is followed here", async () => {
    const { fetch } = api();
    localStorage.setItem(KEY_STORAGE_NAME, GOOD_KEY);
    render(<App config={{ apiUrl: "", wsUrl: "ws://realtime.test/ws" }} fetch={fetch} />);
    expect(await screen.findByText("Support line")).toBeTruthy();

    localStorage.removeItem(KEY_STORAGE_NAME);
    act(
      () =>
        void window.dispatchEvent(
          new StorageEvent("storage", { key: KEY_STORAGE_NAME, oldValue: GOOD_KEY, newValue: null }),
        ),
    );
    expect(await screen.findByLabelText("API key")).toBeTruthy();

    localStorage.setItem(KEY_STORAGE_NAME, GOOD_KEY);
    act(
      () =>
        void window.dispatchEvent(
          new StorageEvent("storage", { key: KEY_STORAGE_NAME, oldValue: null, newValue: GOOD_KEY }),
        ),
    );
    expect(await screen.findByText("Support line")).toBeTruthy();
  });
});

describe("normalizeKeyInput", () => {
  it("takes the key out of a pasted header or stray whitespace", () => {
    expect(normalizeKeyInput("  Bearer wharf_sk_abc \n")).toBe("wharf_sk_abc");
    expect(normalizeKeyInput("wharf_sk_abc")).toBe("wharf_sk_abc");
  });
});
