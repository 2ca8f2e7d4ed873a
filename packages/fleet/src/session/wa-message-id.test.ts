import { newId } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { messageIdFromWa, waMessageIdFor } from "./wa-message-id";

describe("WhatsApp ids for Wharf messages", () => {
  it("round-trips a message id through its WhatsApp id", () => {
    for (let i = 0; i < 50; i++) {
      const id = newId("message");
      const wa = waMessageIdFor(id);
      expect(wa).toMatch(/^3EB0[0-9A-F]{32}5746$/);
      expect(messageIdFromWa(wa)).toBe(id);
    }
  });

  it("is stable: the same message id always gives the same WhatsApp id", () => {
    const id = newId("message");
    expect(waMessageIdFor(id)).toBe(waMessageIdFor(id));
  });

  it("does not claim ids Wharf did not make", () => {
    expect(messageIdFromWa("3EB0ABCDEF0123456789")).toBeNull();
    expect(messageIdFromWa(`3EB0${"A".repeat(32)}0000`)).toBeNull();
    expect(messageIdFromWa(`3EB0${"a".repeat(32)}5746`)).toBeNull();
    expect(messageIdFromWa(undefined)).toBeNull();
  });

  it("refuses what is not a message id", () => {
    expect(() => waMessageIdFor(newId("session"))).toThrow(/not a message id/);
  });
});
