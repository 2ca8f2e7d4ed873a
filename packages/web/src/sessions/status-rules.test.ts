import { SESSION_STATUSES } from "@wharf/contracts";
import * as core from "@wharf/core";
import { describe, expect, it } from "vitest";
import {
  canConnect,
  canDisconnect,
  canLogout,
  canSendMessages,
  connectAction,
  disconnectWords,
  STATUS_PRESENTATION,
} from "./status-rules";

describe("status rules mirror the core state machine", () => {
  it.each(SESSION_STATUSES)("agrees with core on which actions %s allows", (status) => {
    expect(canConnect(status)).toBe(core.canConnect(status));
    expect(canDisconnect(status)).toBe(core.canDisconnect(status));
    expect(canLogout(status)).toBe(core.canLogout(status));
    expect(canSendMessages(status)).toBe(core.canSendMessages(status));
  });

  it("has a label and a hint for every status", () => {
    for (const status of SESSION_STATUSES) {
      expect(STATUS_PRESENTATION[status].label).not.toBe("");
      expect(STATUS_PRESENTATION[status].hint).not.toBe("");
    }
  });
});

describe("connectAction", () => {
  it("links a never-linked or logged-out session and reconnects one that has a phone", () => {
    expect(connectAction("created", null)).toBe("link");
    expect(connectAction("logged_out", "4915123456789")).toBe("link");
    expect(connectAction("failed", null)).toBe("link");
    expect(connectAction("disconnected", "4915123456789")).toBe("reconnect");
    expect(connectAction("failed", "4915123456789")).toBe("reconnect");
  });

  it("shows the running link flow instead of connecting twice", () => {
    expect(connectAction("qr", null)).toBe("show_link");
    expect(connectAction("pairing", null)).toBe("show_link");
    expect(connectAction("open", "4915123456789")).toBeNull();
    expect(connectAction("reconnecting", "4915123456789")).toBeNull();
  });
});

describe("disconnectWords", () => {
  it("prefers the server's plain words", () => {
    expect(
      disconnectWords({
        code: 440,
        reason: "connection_replaced",
        message: "Another device took over",
        at: "2026-01-01T00:00:00Z",
      }),
    ).toBe("Another device took over.");
  });

  it("falls back to its own words for a known reason, and names an unknown one", () => {
    expect(
      disconnectWords({ code: 401, reason: "logged_out", message: "logged_out", at: "2026-01-01T00:00:00Z" }),
    ).toMatch(/Link it again/);
    expect(disconnectWords({ code: 499, reason: "odd_thing", message: "", at: "2026-01-01T00:00:00Z" })).toBe(
      "The connection ended (odd thing, code 499).",
    );
    expect(disconnectWords(null)).toBeNull();
  });
});
