import { describe, expect, it } from "vitest";
import { outOfOrder } from "./receiver";
import { compressedRetry } from "./scenarios/c-webhook-outage";
import { isWellFormed, randomText, seededRandom, type UNICODE_CLASSES, WIRE_CLASSES } from "./unicode";

const sample = (cls: (typeof UNICODE_CLASSES)[number], n = 200) => {
  const rnd = seededRandom(42);
  return Array.from({ length: n }, () => randomText(cls, rnd));
};

describe("random Unicode for the chaos suite", () => {
  it("is the same for the same seed", () => {
    expect(sample("mixed", 20)).toEqual(sample("mixed", 20));
  });

  it.each(WIRE_CLASSES)("produces non-empty, well-formed %s strings (the WhatsApp wire is UTF-8)", (cls) => {
    for (const s of sample(cls)) {
      expect(s.length).toBeGreaterThan(0);
      expect(isWellFormed(s)).toBe(true);
      // UTF-8 round trip is lossless for well-formed strings
      expect(Buffer.from(s, "utf8").toString("utf8")).toBe(s);
    }
  });

  it("draws characters of the class asked for", () => {
    expect(sample("emoji").every((s) => /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(s))).toBe(true);
    expect(sample("rtl").every((s) => /[\u0590-\u05ff\u0600-\u06ff]/.test(s))).toBe(true);
    expect(sample("combining").every((s) => /\p{M}/u.test(s))).toBe(true);
    expect(sample("nonchar").every((s) => /[\ufdd0-\ufdef\ufffe\uffff\u{1fffe}\u{10ffff}]/u.test(s))).toBe(true);
    expect(sample("cjk").every((s) => /\p{Script=Han}/u.test(s))).toBe(true);
    const all = sample("nonchar", 400).join("");
    expect(all).toContain("\ufffe");
    expect(all).toContain("\uffff");
  });

  it("keeps lone surrogates lone, and only in that class", () => {
    const lone = sample("lone-surrogate");
    expect(lone.every((s) => !isWellFormed(s))).toBe(true);
    expect(isWellFormed("a\ud83d\ude00b")).toBe(true);
    expect(isWellFormed("a\ud83d")).toBe(false);
    expect(isWellFormed("\ude00b")).toBe(false);
    expect(WIRE_CLASSES).not.toContain("lone-surrogate");
  });
});

describe("webhook outage figures", () => {
  it("counts deliveries that arrive after a later event of the same session", () => {
    const d = (sessionId: string, createdAt: string) => ({ sessionId, createdAt });
    expect(outOfOrder([d("s1", "1"), d("s2", "0"), d("s1", "2")])).toBe(0);
    expect(outOfOrder([d("s1", "2"), d("s1", "1"), d("s1", "3")])).toBe(1);
  });

  it("compresses the production retry schedule: one hour lasts hourMs", () => {
    expect(compressedRetry(1_000)).toMatchObject({ baseDelaySeconds: 1, maxDelaySeconds: 6, maxAgeSeconds: 25 });
    expect(compressedRetry(3_600_000)).toMatchObject({ baseDelaySeconds: 30, maxAgeSeconds: 25 * 3600 });
  });
});
