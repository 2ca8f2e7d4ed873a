import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket, fakeFetch, page, TENANT } from "../test/fakes";
import { renderApp } from "../test/render-app";

const KEY_ID = "key_01JD8K3V7Q0000000000000002";
const entry = (n: number, over: Record<string, unknown> = {}) => ({
  id: `aud_01JD8K3V7Q${String(n).padStart(16, "0")}`,
  at: "2026-01-01T00:00:00.000Z",
  actor: { type: "api_key", keyId: KEY_ID, scopes: ["sessions:write"] },
  action: "session.create",
  target: "ses_01JD8K3V7Q0000000000000001",
  result: { status: 201, outcome: "ok", code: null },
  requestId: `req-${n}`,
  sourceAddress: "203.0.113.7",
  ...over,
});

function setup(audit: (req: { query: URLSearchParams }) => { status: number; body?: unknown }) {
  window.location.hash = "#/audit";
  const f = fakeFetch({
    "GET /v1/sessions": page([]),
    "GET /v1/api-keys": page([
      {
        id: KEY_ID,
        tenantId: TENANT,
        name: "billing",
        prefix: "wharf_sk_Q3f9Za",
        createdAt: "2026-01-01T00:00:00.000Z",
        lastUsedAt: null,
        scopes: null,
        sessionIds: null,
      },
    ]),
    "GET /v1/audit": audit,
  });
  renderApp(f.fetch);
  return f;
}

describe("Audit page", () => {
  beforeEach(() => vi.stubGlobal("WebSocket", FakeSocket));
  afterEach(() => vi.unstubAllGlobals());

  it("lists entries with who, what, target, result and source, naming keys", async () => {
    setup(() =>
      page([
        entry(2, {
          action: "session.delete",
          result: { status: 403, outcome: "error", code: "forbidden" },
        }),
        entry(1),
        entry(0, { actor: { type: "admin" }, action: "tenant.create", target: TENANT }),
      ]),
    );
    const table = await screen.findByRole("table", { name: "Audit entries" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByText("session.delete")).toBeTruthy();
    expect(within(rows[0]!).getByText("403 forbidden")).toBeTruthy();
    expect(within(rows[0]!).getByText("billing")).toBeTruthy();
    expect(within(rows[1]!).getByText("201 ok")).toBeTruthy();
    expect(within(rows[1]!).getByText("203.0.113.7")).toBeTruthy();
    expect(within(rows[2]!).getByText("Platform admin")).toBeTruthy();
  });

  it("sends the actor and action filters to the API", async () => {
    const f = setup(() => page([entry(1)]));
    await screen.findByRole("table", { name: "Audit entries" });
    await userEvent.selectOptions(screen.getByLabelText("Actor"), "billing");
    await userEvent.type(screen.getByLabelText("Action"), "api_key.revoke");
    await waitFor(() => {
      const last = f.requests.filter((r) => r.path === "/v1/audit").at(-1);
      expect(last?.query.get("actor")).toBe(KEY_ID);
      expect(last?.query.get("action")).toBe("api_key.revoke");
    });
  });

  it("explains a key without audit:read instead of failing", async () => {
    setup(() => ({
      status: 403,
      body: { error: { code: "forbidden", message: "this API key lacks the scope audit:read" } },
    }));
    expect(await screen.findByText("This key can't read the audit log")).toBeTruthy();
  });
});
