import { describe, expect, it } from "vitest";
import { toConnectMethod } from "../session-control/control";
import { applyChatBump } from "./chats";
import { requestFingerprint } from "./idempotency";
import { canAdvanceStatus, statusesBefore } from "./records";

describe("outbound status order", () => {
  it("moves forward only; failed only before delivery; received never changes", () => {
    expect(canAdvanceStatus("queued", "sent")).toBe(true);
    expect(canAdvanceStatus("queued", "read")).toBe(true);
    expect(canAdvanceStatus("read", "delivered")).toBe(false);
    expect(canAdvanceStatus("sent", "sent")).toBe(false);
    expect(canAdvanceStatus("sent", "failed")).toBe(true);
    expect(canAdvanceStatus("delivered", "failed")).toBe(false);
    expect(canAdvanceStatus("failed", "read")).toBe(false);
    expect(canAdvanceStatus("received", "read")).toBe(false);
    expect(statusesBefore("delivered").sort()).toEqual(["queued", "sent"]);
    expect(statusesBefore("queued")).toEqual([]);
  });
});

describe("chat bumps", () => {
  const ids = { tenantId: "t", sessionId: "s" };
  const bump = (at: string, direction: "in" | "out", text: string) => ({
    jid: "j",
    at,
    text,
    direction,
    name: null,
    phone: null,
  });
  it("counts inbound as unread and follows the newest message only", () => {
    let chat = applyChatBump(null, { ...bump("2030-01-01T00:00:02Z", "in", "new"), name: "Ann" }, ids);
    chat = applyChatBump(chat, bump("2030-01-01T00:00:01Z", "in", "late"), ids);
    chat = applyChatBump(chat, bump("2030-01-01T00:00:03Z", "out", "reply"), ids);
    expect(chat).toMatchObject({
      unreadCount: 2,
      lastMessageText: "reply",
      lastMessageDirection: "out",
      lastMessageAt: "2030-01-01T00:00:03Z",
      name: "Ann",
    });
  });
});

describe("idempotency fingerprints", () => {
  it("ignore key order and undefined fields, and tell bodies apart", () => {
    expect(requestFingerprint({ a: 1, b: { c: 2, d: undefined } })).toBe(requestFingerprint({ b: { c: 2 }, a: 1 }));
    expect(requestFingerprint({ a: 1 })).not.toBe(requestFingerprint({ a: 2 }));
  });
});

describe("connect bodies", () => {
  it("normalize the pairing phone to digits and refuse JIDs and bad numbers", () => {
    expect(toConnectMethod({ method: "pairing_code", phone: "+49 (151) 2345-6789" })).toEqual({
      method: "pairing_code",
      phone: "4915123456789",
    });
    expect(() => toConnectMethod({ method: "pairing_code", phone: "491512345@s.whatsapp.net" })).toThrow(/phone/);
    expect(() => toConnectMethod({ method: "pairing_code", phone: "0151" })).toThrow();
    expect(toConnectMethod({ method: "qr" })).toEqual({ method: "qr" });
  });
});
