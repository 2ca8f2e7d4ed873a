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

function setup() {
  window.location.hash = "#/api-keys";
  const f = fakeFetch({
    "GET /v1/sessions": page([]),
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
