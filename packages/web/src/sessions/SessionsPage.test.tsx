import { screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket, fakeFetch, makeSession, page, sessionId } from "../test/fakes";
import { renderApp } from "../test/render-app";

function linkedAccountCell(n: number): string | null | undefined {
  const row = document.querySelector(`tr[data-session-id="${sessionId(n)}"]`);
  return row?.querySelector('td[data-label="Linked account"]')?.textContent;
}

describe("sessions table", () => {
  beforeEach(() => vi.stubGlobal("WebSocket", FakeSocket));
  afterEach(() => vi.unstubAllGlobals());

  it("shows the linked account as name and phone when the name is known, else the phone", async () => {
    window.location.hash = "#/sessions";
    const f = fakeFetch({
      "GET /v1/sessions": page([
        makeSession(1, { name: "Support", status: "open", phone: "4915123456789", accountName: "Acme Support" }),
        makeSession(2, { name: "Sales", status: "disconnected", phone: "447700900123" }),
        makeSession(3, { name: "Marketing" }),
      ]),
    });
    renderApp(f.fetch);

    await screen.findByText("Acme Support · +4915123456789");
    expect(linkedAccountCell(1)).toBe("Acme Support · +4915123456789");
    expect(linkedAccountCell(2)).toBe("+447700900123");
    expect(linkedAccountCell(3)).toBe("Not linked");
  });
});
