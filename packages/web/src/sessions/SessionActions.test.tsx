import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { SessionStatus } from "@wharf/contracts";
import { describe, expect, it, vi } from "vitest";
import { makeSession } from "../test/fakes";
import { SessionActions } from "./SessionActions";
import { StatusBadge } from "./StatusBadge";

function renderActions(status: SessionStatus, phone: string | null = "4915123456789") {
  const on = { onLink: vi.fn(), onReconnect: vi.fn(), onDisconnect: vi.fn(), onLogout: vi.fn(), onDelete: vi.fn(), onChat: vi.fn() };
  const session = makeSession(1, { status, phone, name: "Support" });
  render(<SessionActions session={session} {...on} />);
  const button = (name: string) => screen.getByRole<HTMLButtonElement>("button", { name });
  return { on, button, session };
}

describe("SessionActions", () => {
  it("offers connect but not disconnect or log out for a new session", () => {
    const { button } = renderActions("created", null);
    expect(button("Connect Support").disabled).toBe(false);
    expect(button("Disconnect Support").disabled).toBe(true);
    expect(button("Log out Support").disabled).toBe(true);
    expect(button("Open chats of Support").disabled).toBe(true);
  });

  it("offers disconnect and log out but not connect for an open session", async () => {
    const { button, on, session } = renderActions("open");
    expect(button("Connect Support").disabled).toBe(true);
    expect(button("Disconnect Support").disabled).toBe(false);
    expect(button("Log out Support").disabled).toBe(false);
    await userEvent.click(button("Disconnect Support"));
    expect(on.onDisconnect).toHaveBeenCalledWith(session);
  });

  it("reconnects a disconnected session that keeps its phone", async () => {
    const { button, on } = renderActions("disconnected");
    await userEvent.click(button("Reconnect Support"));
    expect(on.onReconnect).toHaveBeenCalledOnce();
    expect(button("Disconnect Support").disabled).toBe(true);
    expect(button("Log out Support").disabled).toBe(false);
  });

  it("shows the QR of a session that is waiting for a scan and lets it be cancelled", () => {
    const { button } = renderActions("qr", null);
    expect(button("Show linking code for Support").disabled).toBe(false);
    expect(button("Disconnect Support").disabled).toBe(false);
    expect(button("Log out Support").disabled).toBe(true);
  });

  it("always allows deleting", () => {
    for (const status of ["open", "created", "failed"] as const) {
      const { button } = renderActions(status);
      expect(button("Delete Support").disabled).toBe(false);
      document.body.innerHTML = "";
    }
  });
});

describe("StatusBadge", () => {
  it("labels each status in words and exposes the machine status", () => {
    render(<StatusBadge status="logged_out" />);
    const badge = screen.getByText("Logged out");
    expect(badge.closest("[data-status]")?.getAttribute("data-status")).toBe("logged_out");
  });
});
