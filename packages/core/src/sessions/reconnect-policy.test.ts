import { DisconnectInfo } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import {
  DISCONNECT_CODES,
  DISCONNECT_REASONS,
  MAX_RECONNECT_ATTEMPTS,
  backoffDelayMs,
  decideReconnect,
  describeDisconnect,
  recordReconnect,
  pruneReconnects,
  shouldResetAttempts,
  toDisconnectInfo,
} from "./reconnect-policy";

const mid = () => 0.5;

describe("decideReconnect per DisconnectReason", () => {
  it("401 loggedOut: clears auth, status logged_out, stops", () => {
    const d = decideReconnect({ code: 401, attempt: 3, random: mid });
    expect(d).toMatchObject({
      action: "logged_out",
      clearAuth: true,
      delayMs: 0,
      status: "logged_out",
      reason: "logged_out",
      code: 401,
      nextAttempt: 0,
    });
  });

  it.each([
    [500, "bad_session"],
    [411, "multidevice_mismatch"],
  ] as const)("%i: clears auth and starts a fresh QR flow at once", (code, reason) => {
    const d = decideReconnect({ code, attempt: 0, random: mid });
    expect(d).toMatchObject({
      action: "restart_fresh",
      clearAuth: true,
      delayMs: 0,
      status: "connecting",
      reason,
      code,
      nextAttempt: 1,
    });
  });

  it("440 connectionReplaced: stops without clearing auth, status disconnected, reason recorded", () => {
    const d = decideReconnect({ code: 440, attempt: 2, random: mid });
    expect(d).toMatchObject({
      action: "stop",
      clearAuth: false,
      delayMs: 0,
      status: "disconnected",
      reason: "connection_replaced",
      code: 440,
    });
    expect(d.message).toMatch(/another client/i);
  });

  it("515 restartRequired: reconnects immediately with the stored creds", () => {
    const d = decideReconnect({ code: 515, attempt: 0, random: () => 0.99 });
    expect(d).toMatchObject({
      action: "reconnect",
      clearAuth: false,
      delayMs: 0,
      status: "reconnecting",
      reason: "restart_required",
      nextAttempt: 1,
    });
  });

  it.each([
    [408, "timed_out"],
    [428, "connection_closed"],
    [503, "unavailable"],
    [403, "forbidden"],
    [499, "unknown"],
    [undefined, "unknown"],
  ] as const)("%s: backs off with jitter and keeps auth", (code, reason) => {
    const d = decideReconnect({ code, attempt: 0, random: () => 0 });
    expect(d).toMatchObject({
      action: "reconnect",
      clearAuth: false,
      delayMs: 1000,
      status: "reconnecting",
      reason,
      nextAttempt: 1,
    });
    expect(d.code).toBe(code ?? null);
  });

  it("gives every code a reason word from the list and a message for people", () => {
    for (const code of [...Object.values(DISCONNECT_CODES), 499, undefined]) {
      const d = decideReconnect({ code, attempt: 0, random: mid });
      expect(DISCONNECT_REASONS).toContain(d.reason);
      expect(d.message.length).toBeGreaterThan(10);
      expect(describeDisconnect(code)).toEqual({ reason: d.reason, message: d.message });
    }
    expect(describeDisconnect(499).message).toContain("499");
    expect(describeDisconnect(undefined).message).toContain("without a code");
  });

  it("maps distinct known codes to distinct reasons", () => {
    const reasons = Object.values(DISCONNECT_CODES).map((c) => describeDisconnect(c).reason);
    expect(new Set(reasons).size).toBe(reasons.length);
    expect(reasons).not.toContain("unknown");
  });

  it("rejects a negative or fractional attempt counter", () => {
    expect(() => decideReconnect({ code: 408, attempt: -1, random: mid })).toThrow(ValidationError);
    expect(() => decideReconnect({ code: 408, attempt: 1.5, random: mid })).toThrow(ValidationError);
  });
});

describe("backoff", () => {
  it("doubles from 1 s and caps the exponential part at 30 s", () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3, 4, 5, 6, 9].map((a) => backoffDelayMs(a, noJitter))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it("adds 0–1 s of jitter, never more", () => {
    for (const attempt of [0, 3, 9]) {
      const floor = backoffDelayMs(attempt, () => 0);
      expect(backoffDelayMs(attempt, () => 0.999999)).toBeLessThanOrEqual(floor + 1000);
      expect(backoffDelayMs(attempt, () => 0.999999)).toBeGreaterThan(floor + 990);
      expect(backoffDelayMs(attempt, () => 0.25)).toBe(floor + 250);
      // a misbehaving random source cannot push the delay out of bounds
      expect(backoffDelayMs(attempt, () => 7)).toBe(floor + 1000);
      expect(backoffDelayMs(attempt, () => -3)).toBe(floor);
    }
  });

  it("grows across consecutive decisions and stays within the bounds", () => {
    let attempt = 0;
    const delays: number[] = [];
    for (;;) {
      const d = decideReconnect({ code: 428, attempt, random: Math.random });
      if (d.action !== "reconnect") break;
      delays.push(d.delayMs);
      attempt = d.nextAttempt;
    }
    expect(delays).toHaveLength(MAX_RECONNECT_ATTEMPTS);
    delays.forEach((ms, i) => {
      const base = Math.min(30_000, 1000 * 2 ** i);
      expect(ms).toBeGreaterThanOrEqual(base);
      expect(ms).toBeLessThanOrEqual(base + 1000);
    });
  });

  it("after 10 attempts moves to failed and stops", () => {
    const d = decideReconnect({ code: 408, attempt: MAX_RECONNECT_ATTEMPTS, random: mid });
    expect(d).toMatchObject({ action: "give_up", status: "failed", clearAuth: false, delayMs: 0, reason: "timed_out" });
    expect(d.message).toMatch(/gave up after 10/i);
    expect(decideReconnect({ code: 408, attempt: MAX_RECONNECT_ATTEMPTS - 1, random: mid }).action).toBe("reconnect");
  });

  it("also bounds 515 and fresh-QR restarts so a looping server cannot spin forever", () => {
    expect(decideReconnect({ code: 515, attempt: MAX_RECONNECT_ATTEMPTS, random: mid }).action).toBe("give_up");
    const bad = decideReconnect({ code: 500, attempt: MAX_RECONNECT_ATTEMPTS, random: mid });
    expect(bad).toMatchObject({ action: "give_up", status: "failed", clearAuth: true });
  });

  it("never gives up on terminal codes: 401 and 440 stop regardless of attempts", () => {
    expect(decideReconnect({ code: 401, attempt: 50, random: mid }).action).toBe("logged_out");
    expect(decideReconnect({ code: 440, attempt: 50, random: mid }).action).toBe("stop");
  });
});

describe("toDisconnectInfo", () => {
  it("produces a valid contracts DisconnectInfo", () => {
    const info = toDisconnectInfo(
      decideReconnect({ code: 440, attempt: 0, random: mid }),
      new Date("2025-01-02T03:04:05Z"),
    );
    expect(DisconnectInfo.parse(info)).toEqual({
      code: 440,
      reason: "connection_replaced",
      message: info.message,
      at: "2025-01-02T03:04:05.000Z",
    });
  });
});

describe("attempt reset after a stable open", () => {
  const t0 = new Date("2025-01-01T00:00:00Z");
  it("resets only after 60 s open", () => {
    expect(shouldResetAttempts(t0, new Date(t0.getTime() + 59_999))).toBe(false);
    expect(shouldResetAttempts(t0, new Date(t0.getTime() + 60_000))).toBe(true);
    expect(shouldResetAttempts(t0.getTime(), t0.getTime() + 120_000)).toBe(true);
  });
  it("never resets when the socket is not open", () => {
    expect(shouldResetAttempts(null, t0)).toBe(false);
    expect(shouldResetAttempts(undefined, t0)).toBe(false);
  });
});

describe("reconnect window (unstable detection)", () => {
  const t0 = Date.parse("2025-01-01T00:00:00Z");

  it("becomes unstable on the 4th reconnect inside 5 minutes, and says so once", () => {
    let w = recordReconnect([], t0);
    w = recordReconnect(w.timestamps, t0 + 60_000);
    w = recordReconnect(w.timestamps, t0 + 120_000);
    expect(w).toMatchObject({ count: 3, unstable: false, becameUnstable: false });
    w = recordReconnect(w.timestamps, t0 + 180_000);
    expect(w).toMatchObject({ count: 4, unstable: true, becameUnstable: true });
    w = recordReconnect(w.timestamps, t0 + 200_000);
    expect(w).toMatchObject({ count: 5, unstable: true, becameUnstable: false });
  });

  it("forgets reconnects older than 5 minutes", () => {
    const old = [t0, t0 + 1000, t0 + 2000];
    const w = recordReconnect(old, t0 + 5 * 60_000 + 1500);
    expect(w.timestamps).toEqual([t0 + 2000, t0 + 5 * 60_000 + 1500]);
    expect(w).toMatchObject({ count: 2, unstable: false });
    expect(pruneReconnects(old, t0 + 10 * 60_000)).toEqual([]);
  });

  it("accepts Date for now and sorts unordered input", () => {
    const w = recordReconnect([t0 + 2000, t0], new Date(t0 + 3000));
    expect(w.timestamps).toEqual([t0, t0 + 2000, t0 + 3000]);
  });
});
