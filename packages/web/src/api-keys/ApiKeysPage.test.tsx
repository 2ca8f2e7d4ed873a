import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket, fakeFetch, page, TENANT } from "../test/fakes";
import { GOOD_KEY, renderApp } from "../test/render-app";

const key = (n: number, name: string, prefix: string) => ({
  id: `key_01JD8K3V7Q${String(n).padStart(16, "0")}`,
  tenantId: TENANT,
  name,
  prefix,
  createdAt: "2026-01-01T00:00:00.000Z",
  lastUsedAt: null,
});

const SHOP = { id: "ses_01JD8K3V7Q0000000000000001", name: "Shop" };

function setup() {
  window.location.hash = "#/api-keys";
  const f = fakeFetch({
    "GET /v1/sessions": page([{ ...SHOP, tenantId: TENANT, status: "open" }]),
    "GET /v1/api-keys": page([key(1, "dashboard", GOOD_KEY.slice(0, 15)), key(2, "billing", "wharf_sk_Q3f9Za")]),
    "POST /v1/api-keys": (req) => ({
      status: 201,
      body: { ...key(3, (req.body as { name: string }).name, "wharf_sk_NewKey"), secret: "wharf_sk_NewKeySecretValue" },
    }),
    "DELETE /v1/api-keys/.+": { status: 204 },
  });
  const app = renderApp(f.fetch);
  return { ...app, requests: f.requests };
}

describe("API keys page", () => {
  beforeEach(() => vi.stubGlobal("WebSocket", FakeSocket));
  afterEach(() => vi.unstubAllGlobals());

  it("shows a new key's secret once, with a copy button, and never again", async () => {
    setup();
    await screen.findByText("billing");
    await userEvent.click(screen.getByRole("button", { name: "New API key" }));
    const dialog = screen.getByRole("dialog", { name: "New API key" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Create key" }));
    expect(await within(dialog).findByText(/Name the key/)).toBeTruthy();
    await userEvent.type(within(dialog).getByLabelText("Name"), "ci");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create key" }));

    const shown = await screen.findByRole("dialog", { name: "Copy your new key" });
    expect((within(shown).getByLabelText("ci") as HTMLInputElement).value).toBe("wharf_sk_NewKeySecretValue");
    expect(within(shown).getByRole("button", { name: /Copy key/ })).toBeTruthy();
    await userEvent.click(within(shown).getByRole("button", { name: "Done" }));
    expect(screen.getByText("ci")).toBeTruthy();
    expect(screen.queryByText("wharf_sk_NewKeySecretValue")).toBeNull();
    expect(document.body.innerHTML).not.toContain("NewKeySecretValue");
  });

  it("creates a key with every scope by default, or with the chosen scopes and sessions", async () => {
    const { requests } = setup();
    await screen.findByText("billing");
    await userEvent.click(screen.getByRole("button", { name: "New API key" }));
    let dialog = screen.getByRole("dialog", { name: "New API key" });
    expect(
      within(dialog)
        .getAllByRole("checkbox")
        .every((b) => (b as HTMLInputElement).checked),
    ).toBe(true);
    await userEvent.type(within(dialog).getByLabelText("Name"), "full");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create key" }));
    await userEvent.click(
      within(await screen.findByRole("dialog", { name: "Copy your new key" })).getByRole("button", { name: "Done" }),
    );
    expect(requests.filter((r) => r.method === "POST").at(-1)?.body).toEqual({ name: "full" });

    await userEvent.click(screen.getByRole("button", { name: "New API key" }));
    dialog = screen.getByRole("dialog", { name: "New API key" });
    await userEvent.type(within(dialog).getByLabelText("Name"), "shop-bot");
    await userEvent.click(within(dialog).getByRole("checkbox", { name: /sessions:write/ }));
    await userEvent.click(within(dialog).getByRole("radio", { name: "Only selected sessions" }));
    // tenant-wide scopes cannot go on a session-limited key
    expect((within(dialog).getByRole("checkbox", { name: /webhooks:manage/ }) as HTMLInputElement).disabled).toBe(true);
    await userEvent.click(within(dialog).getByRole("button", { name: "Create key" }));
    expect(await within(dialog).findByText(/Pick at least one session/)).toBeTruthy();
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Shop" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Create key" }));
    await screen.findByRole("dialog", { name: "Copy your new key" });
    expect(requests.filter((r) => r.method === "POST").at(-1)?.body).toEqual({
      name: "shop-bot",
      scopes: ["sessions:read", "messages:read", "messages:send", "events:read"],
      sessionIds: [SHOP.id],
    });
  });

  it("shows each key's scopes and session limit, and full access for keys without scopes", async () => {
    window.location.hash = "#/api-keys";
    const f = fakeFetch({
      "GET /v1/sessions": page([{ ...SHOP, tenantId: TENANT, status: "open" }]),
      "GET /v1/api-keys": page([
        { ...key(1, "dashboard", GOOD_KEY.slice(0, 15)), scopes: null, sessionIds: null },
        { ...key(2, "shop-bot", "wharf_sk_Q3f9Za"), scopes: ["messages:send"], sessionIds: [SHOP.id] },
      ]),
    });
    renderApp(f.fetch);
    const row = (await screen.findByText("shop-bot")).closest("tr") as HTMLElement;
    expect(within(row).getByText("messages:send")).toBeTruthy();
    expect(await within(row).findByText("Only Shop")).toBeTruthy();
    const full = screen.getByText("dashboard").closest("tr") as HTMLElement;
    expect(within(full).getByText("Full access")).toBeTruthy();
  });

  it("revokes a key only after confirmation", async () => {
    const { requests } = setup();
    await screen.findByText("billing");
    await userEvent.click(screen.getByRole("button", { name: "Revoke billing" }));
    const confirm = screen.getByRole("alertdialog", { name: "Revoke billing?" });
    await userEvent.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(requests.some((r) => r.method === "DELETE")).toBe(false);

    await userEvent.click(screen.getByRole("button", { name: "Revoke billing" }));
    await userEvent.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Revoke key" }));
    await waitFor(() => expect(screen.queryByText("billing")).toBeNull());
    expect(requests.find((r) => r.method === "DELETE")!.path).toBe(`/v1/api-keys/${key(2, "", "").id}`);
  });

  it("warns before revoking the key this browser uses, and signs out after", async () => {
    const { storage } = setup();
    await screen.findByText("dashboard");
    await userEvent.click(screen.getByRole("button", { name: "Revoke dashboard" }));
    const confirm = screen.getByRole("alertdialog");
    expect(within(confirm).getByText(/you will be signed out/)).toBeTruthy();
    await userEvent.click(within(confirm).getByRole("button", { name: "Revoke key" }));
    await waitFor(() => expect(storage.value).toBeNull());
    expect(await screen.findByText(/You revoked the key this browser was signed in with/)).toBeTruthy();
  });
});
