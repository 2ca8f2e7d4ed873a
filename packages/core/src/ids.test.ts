import { describe, expect, it } from "vitest";
import { idTimePrefix, newId } from "./ids";

describe("idTimePrefix", () => {
  it("is how an id created at that moment starts, so time ranges bound id ranges", () => {
    const t = Date.UTC(2026, 11, 1, 9, 30);
    expect(newId("message", t).startsWith(idTimePrefix("message", t))).toBe(true);
    expect(idTimePrefix("message", t - 1) < newId("message", t)).toBe(true);
    expect(newId("message", t) < idTimePrefix("message", t + 1)).toBe(true);
  });

  it("takes fractional and negative times (floored, clamped at the epoch)", () => {
    expect(idTimePrefix("message", 1_000.5)).toBe(idTimePrefix("message", 1_000));
    expect(idTimePrefix("message", -5)).toBe("msg_0000000000");
  });
});
