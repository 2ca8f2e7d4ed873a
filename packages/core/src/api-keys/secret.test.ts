import { describe, expect, it } from "vitest";
import { generateApiKeySecret, hashApiKey, hashesEqual, looksLikeApiKey, visiblePrefix } from "./secret";

describe("api key secrets", () => {
  it("generates secrets that pass the shape check", () => {
    for (let i = 0; i < 20; i++) expect(looksLikeApiKey(generateApiKeySecret())).toBe(true);
  });

  it("hashes to 64 hex chars, deterministically", () => {
    expect(hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("shows the scheme plus six characters as the prefix", () => {
    expect(visiblePrefix("wharf_sk_ABCDEFGHIJ")).toBe("wharf_sk_ABCDEF");
  });

  it("compares digests only when both are non-empty and equal", () => {
    const h = hashApiKey("a");
    expect(hashesEqual(h, h)).toBe(true);
    expect(hashesEqual(h, hashApiKey("b"))).toBe(false);
    expect(hashesEqual("", "")).toBe(false);
    expect(hashesEqual(h, h.slice(0, 10))).toBe(false);
  });
});
