import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { SessionStatus } from "@wharf/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeSession } from "../test/fakes";
import { SessionActions } from "./SessionActions";
import { StatusBadge } from "./StatusBadge";
import { restingReason } from "./status-rules";

function renderActions(status: SessionStatus, phone: string | null = "4915123456789") {
  const on = {
    onLink: vi.fn(),
    onReconnect: vi.fn(),
    onDisconnect: vi.fn(),
    onLogout: vi.fn(),
    onDelete: vi.fn(),
    onChat: vi.fn(),
    onSettings: vi.fn(),
  };
  const session = makeSession(1, { status, phone, name: "Support" });
  render(<SessionActions session={session} {...on} />);
  const button = (name: string) => screen.getByRole<HTMLButtonElement>("button", { name });
  const openMenu = async () => {
    await userEvent.click(button("More actions for Support"));
    const menu = screen.getByRole("menu", { name: "More actions for Support" });
    return {
      menu,
      items: within(menu)
        .getAllByRole("menuitem")
        .map((i) => i.textContent),
    };
  };
  return { on, button, session, openMenu };
}

describe("SessionActions", () => {
  it("offers connect but not disconnect or log out for a new session", async () => {
    const { button, openMenu } = renderActions("created", null);
    expect(button("Connect Support").disabled).toBe(false);
    const { items } = await openMenu();
    expect(items).toEqual(["Settings", "Delete session"]);
  });

  it("offers chat, disconnect and log out but no Connect at all for an open session", async () => {
    const { button, on, session, openMenu } = renderActions("open");
    expect(screen.queryByRole("button", { name: "Connect Support" })).toBeNull();
    expect(button("Chat with Support").disabled).toBe(false);
    const { menu, items } = await openMenu();
    expect(items).toEqual([
      "Settings",
      "Disconnect (phone stays linked)",
      "Log out (unlink the phone)",
      "Delete session",
    ]);
    await userEvent.click(within(menu).getByRole("menuitem", { name: "Disconnect (phone stays linked)" }));
    expect(on.onDisconnect).toHaveBeenCalledWith(session);
  });

  it("reconnects a disconnected session that keeps its phone", async () => {
    const { button, on, openMenu } = renderActions("disconnected");
    await userEvent.click(button("Reconnect Support"));
    expect(on.onReconnect).toHaveBeenCalledOnce();
    const { items } = await openMenu();
    expect(items).toEqual(["Open chats", "Settings", "Log out (unlink the phone)", "Delete session"]);
  });

  it("shows the QR of a session that is waiting for a scan and lets it be cancelled", async () => {
    const { button, openMenu } = renderActions("qr", null);
    expect(button("Show QR for Support").disabled).toBe(false);
    const { items } = await openMenu();
    expect(items).toContain("Disconnect (phone stays linked)");
    expect(items).not.toContain("Log out (unlink the phone)");
  });

  it("always allows deleting", async () => {
    for (const status of ["open", "created", "failed"] as const) {
      const { openMenu } = renderActions(status);
      expect((await openMenu()).items).toContain("Delete session");
      document.body.innerHTML = "";
    }
  });

  it("has an accessible actions menu: aria-haspopup, focus on the first item, arrows move, Escape closes and refocuses", async () => {
    const { button } = renderActions("open");
    const trigger = button("More actions for Support");
    expect(trigger.getAttribute("aria-haspopup")).toBe("menu");
    expect(trigger.getAttribute("aria-expanded")).toBe("false");
    trigger.focus();
    await userEvent.keyboard("{Enter}");
    const menu = screen.getByRole("menu");
    expect(trigger.getAttribute("aria-expanded")).toBe("true");
    expect(document.activeElement?.textContent).toBe("Settings");
    await userEvent.keyboard("{ArrowDown}");
    expect(document.activeElement?.textContent).toBe("Disconnect (phone stays linked)");
    await userEvent.keyboard("{Escape}");
    expect(menu.isConnected).toBe(false);
    expect(document.activeElement).toBe(trigger);
  });
});

describe("StatusBadge", () => {
  afterEach(() => vi.useRealTimers());

  it("labels each status in words and exposes the machine status", () => {
    render(<StatusBadge status="logged_out" />);
    const badge = screen.getByText("Logged out");
    expect(badge.closest("[data-status]")?.getAttribute("data-status")).toBe("logged_out");
  });

  it("shows a lost worker as 'No worker — reconnecting' with the time since, which keeps counting", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    vi.setSystemTime(new Date("2026-03-01T03:00:00.000Z"));
    const lastDisconnect = {
      code: null,
      reason: "owner_lost",
      message: "the worker stopped heartbeating",
      at: "2026-03-01T02:59:00.000Z",
    };
    render(<StatusBadge status="reconnecting" lastDisconnect={lastDisconnect} />);
    const badge = screen.getByText(/No worker — reconnecting/).closest("[data-status]")!;
    expect(badge.getAttribute("data-reason")).toBe("owner_lost");
    expect(badge.textContent).toContain("1 min");
    act(() => vi.advanceTimersByTime(2 * 60_000));
    expect(badge.textContent).toContain("3 min");
  });

  it("keeps a plain reconnect a plain reconnect", () => {
    render(
      <StatusBadge
        status="reconnecting"
        lastDisconnect={{ code: 428, reason: "connection_closed", message: "closed", at: new Date().toISOString() }}
      />,
    );
    expect(screen.getByText("Reconnecting")).toBeTruthy();
    expect(screen.queryByText(/No worker/)).toBeNull();
  });
});

describe("restingReason", () => {
  const restart = {
    code: 515,
    reason: "restart_required",
    message: "WhatsApp asked for a restart… Reconnecting now.",
    at: "2026-03-01T02:00:00.000Z",
  };

  it("does not keep 'Reconnecting now.' under a session the user disconnected or logged out", () => {
    const base = makeSession(1, {
      lastDisconnect: restart,
      desiredState: "disconnected",
      updatedAt: "2026-03-01T02:05:00.000Z",
    });
    expect(restingReason({ ...base, status: "disconnected" })).toBeNull();
    expect(restingReason({ ...base, status: "logged_out" })).toBeNull();
  });

  it("still explains a session WhatsApp ended", () => {
    const info = {
      code: 401,
      reason: "logged_out",
      message: "The phone removed this device",
      at: "2026-03-01T02:00:00.000Z",
    };
    expect(restingReason(makeSession(1, { status: "logged_out", lastDisconnect: info, updatedAt: info.at }))).toBe(
      "The phone removed this device.",
    );
  });
});
