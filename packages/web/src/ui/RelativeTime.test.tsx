import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { untilTime } from "./format";
import { RelativeTime } from "./RelativeTime";

describe("RelativeTime", () => {
  afterEach(() => vi.useRealTimers());

  it("keeps counting: '1 minute ago' becomes '4 minutes ago' three minutes later", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    vi.setSystemTime(new Date("2026-03-01T10:00:00.000Z"));
    render(<RelativeTime iso="2026-03-01T09:59:00.000Z" />);
    expect(screen.getByText("1 minute ago")).toBeTruthy();
    act(() => vi.advanceTimersByTime(3 * 60_000));
    expect(screen.getByText("4 minutes ago")).toBeTruthy();
  });
});

describe("untilTime", () => {
  const now = Date.parse("2026-03-01T10:00:00.000Z");
  it("says how long until a future moment, never 'just now'", () => {
    expect(untilTime("2026-03-01T10:00:20.000Z", now)).toBe("in 1 min");
    expect(untilTime("2026-03-01T10:04:10.000Z", now)).toBe("in 5 min");
    expect(untilTime("2026-03-01T12:00:00.000Z", now)).toBe("in 2 h");
    expect(untilTime("2026-03-01T09:59:00.000Z", now)).toBe("any moment now");
  });
});
