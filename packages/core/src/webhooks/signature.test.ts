import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, parseSignatureHeader, signPayload, verifySignature } from "./signature";

const secret = "whsec_test_secret";
const body = JSON.stringify({ id: "evt_01", type: "message.new", data: { text: "hé" } });
const t = 1_735_689_600; // 2025-01-01T00:00:00Z
const now = t * 1000;

describe("signPayload", () => {
  it("produces t=<unix>,v1=<hex HMAC-SHA256(secret, t.body)>", () => {
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signPayload(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it("signs bytes and the equivalent string identically", () => {
    expect(signPayload(secret, Buffer.from(body, "utf8"), t)).toBe(signPayload(secret, body, t));
  });

  it("emits one v1 entry per secret while rotating", () => {
    const header = signPayload(["old-secret", "new-secret"], body, t);
    expect(parseSignatureHeader(header)?.signatures).toHaveLength(2);
  });

  it("refuses empty secrets and bad timestamps", () => {
    expect(() => signPayload("", body, t)).toThrow(RangeError);
    expect(() => signPayload([], body, t)).toThrow(RangeError);
    expect(() => signPayload(secret, body, 1.5)).toThrow(RangeError);
    expect(() => signPayload(secret, body, -1)).toThrow(RangeError);
  });
});

describe("verifySignature", () => {
  const header = signPayload(secret, body, t);

  it("accepts its own signature", () => {
    expect(verifySignature({ secret, body, header, now })).toBe(true);
    expect(verifySignature({ secret, body: Buffer.from(body), header, now: new Date(now) })).toBe(true);
  });

  it("rejects a different body, secret or timestamp", () => {
    expect(verifySignature({ secret, body: `${body} `, header, now })).toBe(false);
    expect(verifySignature({ secret: "other", body, header, now })).toBe(false);
    const replayed = header.replace(`t=${t}`, `t=${t + 1}`);
    expect(verifySignature({ secret, body, header: replayed, now })).toBe(false);
  });

  it("enforces the tolerance in both directions, 300 s by default", () => {
    expect(verifySignature({ secret, body, header, now: now + 300_000 })).toBe(true);
    expect(verifySignature({ secret, body, header, now: now + 301_000 })).toBe(false);
    expect(verifySignature({ secret, body, header, now: now - 300_000 })).toBe(true);
    expect(verifySignature({ secret, body, header, now: now - 301_000 })).toBe(false);
    expect(verifySignature({ secret, body, header, now: now + 20_000, toleranceSeconds: 10 })).toBe(false);
  });

  it("accepts any matching v1 entry (sender-side rotation) and any held secret (receiver-side)", () => {
    const rotating = signPayload(["old-secret", "new-secret"], body, t);
    expect(verifySignature({ secret: "new-secret", body, header: rotating, now })).toBe(true);
    expect(verifySignature({ secret: "old-secret", body, header: rotating, now })).toBe(true);
    expect(verifySignature({ secret: "third", body, header: rotating, now })).toBe(false);
    expect(verifySignature({ secret: ["stale", secret], body, header, now })).toBe(true);
    expect(verifySignature({ secret: [], body, header, now })).toBe(false);
    expect(verifySignature({ secret: "", body, header, now })).toBe(false);
  });

  it("tolerates spaces, upper-case hex and unknown schemes", () => {
    const sig = header.split("v1=")[1]!;
    expect(verifySignature({ secret, body, header: ` t=${t} , v0=abc, v1=${sig.toUpperCase()} `, now })).toBe(true);
  });

  it.each([
    ["missing header", undefined],
    ["null header", null],
    ["empty", ""],
    ["no timestamp", `v1=${"a".repeat(64)}`],
    ["no signature", `t=${t}`],
    ["two timestamps", `t=${t},t=${t},v1=${"a".repeat(64)}`],
    ["non-numeric timestamp", `t=abc,v1=${"a".repeat(64)}`],
    ["negative timestamp", `t=-${t},v1=${"a".repeat(64)}`],
    ["short signature", `t=${t},v1=abcd`],
    ["non-hex signature", `t=${t},v1=${"z".repeat(64)}`],
    ["part without =", `t=${t},garbage,v1=${"a".repeat(64)}`],
    ["huge header", `t=${t},${"v1=".padEnd(5000, "a")}`],
  ])("rejects a malformed header: %s", (_name, bad) => {
    expect(verifySignature({ secret, body, header: bad, now })).toBe(false);
  });

  it("returns null from the parser for malformed input and the parts for good input", () => {
    expect(parseSignatureHeader("t=1")).toBeNull();
    expect(parseSignatureHeader(`t=5,v1=${"A".repeat(64)}`)).toEqual({ timestamp: 5, signatures: ["a".repeat(64)] });
  });
});

describe("generateWebhookSecret", () => {
  it("is prefixed, long and different every time", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });
});
