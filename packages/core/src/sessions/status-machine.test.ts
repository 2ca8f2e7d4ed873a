import { SESSION_STATUSES, type SessionStatus } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { InvalidStateError } from "../errors";
import { RECONNECT_ACTIONS, decideReconnect } from "./reconnect-policy";
import {
  TRANSITION_KEYS,
  canConnect,
  canDisconnect,
  canLogout,
  canSendMessages,
  canTransition,
  connectionLost,
  isSocketActive,
  nextStatus,
  transition,
  type SessionEvent,
  type TransitionKey,
} from "./status-machine";

const ALL_EVENTS: Array<[TransitionKey, SessionEvent]> = [
  ["connect_requested", { type: "connect_requested" }],
  ["qr_issued", { type: "qr_issued" }],
  ["pairing_code_issued", { type: "pairing_code_issued" }],
  ["opened", { type: "opened" }],
  ...RECONNECT_ACTIONS.map((action): [TransitionKey, SessionEvent] => [
    `connection_lost:${action}`,
    { type: "connection_lost", action },
  ]),
  ["owner_lost", { type: "owner_lost" }],
  ["disconnect_requested", { type: "disconnect_requested" }],
  ["logout_requested", { type: "logout_requested" }],
];

/**
 * The expected machine, written out by hand (not derived from the implementation):
 * columns follow SESSION_STATUSES order, "-" marks an illegal pair.
 *                          created       connecting    qr            pairing       open          reconnecting  disconnected  logged_out    failed
 */
const EXPECTED: Record<TransitionKey, Array<SessionStatus | "-">> = {
  connect_requested: ["connecting", "-", "-", "-", "-", "-", "connecting", "connecting", "connecting"],
  qr_issued: ["-", "qr", "qr", "-", "-", "qr", "-", "-", "-"],
  pairing_code_issued: ["-", "pairing", "pairing", "pairing", "-", "-", "-", "-", "-"],
  opened: ["-", "open", "open", "open", "-", "open", "-", "-", "-"],
  "connection_lost:reconnect": [
    "-",
    "reconnecting",
    "reconnecting",
    "reconnecting",
    "reconnecting",
    "reconnecting",
    "-",
    "-",
    "-",
  ],
  "connection_lost:restart_fresh": [
    "-",
    "connecting",
    "connecting",
    "connecting",
    "connecting",
    "connecting",
    "-",
    "-",
    "-",
  ],
  "connection_lost:logged_out": [
    "-",
    "logged_out",
    "logged_out",
    "logged_out",
    "logged_out",
    "logged_out",
    "-",
    "-",
    "-",
  ],
  "connection_lost:stop": [
    "-",
    "disconnected",
    "disconnected",
    "disconnected",
    "disconnected",
    "disconnected",
    "-",
    "-",
    "-",
  ],
  "connection_lost:give_up": ["-", "failed", "failed", "failed", "failed", "failed", "-", "-", "-"],
  owner_lost: ["-", "reconnecting", "reconnecting", "reconnecting", "reconnecting", "reconnecting", "-", "-", "-"],
  disconnect_requested: [
    "-",
    "disconnected",
    "disconnected",
    "disconnected",
    "disconnected",
    "disconnected",
    "-",
    "-",
    "-",
  ],
  logout_requested: ["-", "logged_out", "-", "-", "logged_out", "logged_out", "logged_out", "-", "logged_out"],
};

const crossProduct = SESSION_STATUSES.flatMap((status, col) =>
  ALL_EVENTS.map(([key, event]) => ({ status, key, event, expected: EXPECTED[key][col] as SessionStatus | "-" })),
);

describe("session status machine", () => {
  it("covers every event kind the implementation knows", () => {
    expect([...TRANSITION_KEYS].sort()).toEqual(ALL_EVENTS.map(([k]) => k).sort());
    expect(crossProduct).toHaveLength(SESSION_STATUSES.length * ALL_EVENTS.length);
  });

  describe.each(crossProduct.filter((c) => c.expected !== "-"))(
    "legal: $status --$key-->",
    ({ status, event, expected }) => {
      it(`moves to ${expected}`, () => {
        expect(transition(status, event)).toBe(expected);
        expect(canTransition(status, event)).toBe(true);
        expect(nextStatus(status, event)).toBe(expected);
      });
    },
  );

  describe.each(crossProduct.filter((c) => c.expected === "-"))("illegal: $status --$key-->", ({ status, event }) => {
    it("is rejected with InvalidStateError", () => {
      expect(canTransition(status, event)).toBe(false);
      expect(nextStatus(status, event)).toBeNull();
      expect(() => transition(status, event)).toThrow(InvalidStateError);
    });
  });

  it("names the status and the event in the error, with the invalid_state code", () => {
    try {
      transition("open", { type: "connect_requested" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidStateError);
      expect((err as InvalidStateError).code).toBe("invalid_state");
      expect((err as Error).message).toContain("open");
      expect((err as Error).message).toContain("connect_requested");
    }
  });

  it("lets every status reach open again through some path (no dead ends except by design)", () => {
    const reachable = new Set<SessionStatus>(["open"]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const { status, expected } of crossProduct) {
        if (expected !== "-" && reachable.has(expected) && !reachable.has(status)) {
          reachable.add(status);
          grew = true;
        }
      }
    }
    expect([...reachable].sort()).toEqual([...SESSION_STATUSES].sort());
  });

  it("walks a QR link, the 515 restart and a logout", () => {
    let s: SessionStatus = "created";
    s = transition(s, { type: "connect_requested" });
    s = transition(s, { type: "qr_issued" });
    s = transition(s, { type: "qr_issued" });
    s = transition(s, connectionLost(decideReconnect({ code: 515, attempt: 0, random: () => 0 })));
    expect(s).toBe("reconnecting");
    s = transition(s, { type: "opened" });
    s = transition(s, { type: "logout_requested" });
    expect(s).toBe("logged_out");
  });

  it("feeds every reconnect decision's status back consistently", () => {
    for (const code of [401, 403, 408, 411, 428, 440, 500, 503, 515, 499, undefined]) {
      for (const attempt of [0, 10]) {
        const decision = decideReconnect({ code, attempt, random: () => 0.5 });
        expect(transition("open", connectionLost(decision))).toBe(decision.status);
      }
    }
  });
});

describe("API guards", () => {
  const table: Array<
    [SessionStatus, { connect: boolean; disconnect: boolean; logout: boolean; send: boolean; active: boolean }]
  > = [
    ["created", { connect: true, disconnect: false, logout: false, send: false, active: false }],
    ["connecting", { connect: false, disconnect: true, logout: true, send: false, active: true }],
    ["qr", { connect: false, disconnect: true, logout: false, send: false, active: true }],
    ["pairing", { connect: false, disconnect: true, logout: false, send: false, active: true }],
    ["open", { connect: false, disconnect: true, logout: true, send: true, active: true }],
    ["reconnecting", { connect: false, disconnect: true, logout: true, send: false, active: true }],
    ["disconnected", { connect: true, disconnect: false, logout: true, send: false, active: false }],
    ["logged_out", { connect: true, disconnect: false, logout: false, send: false, active: false }],
    ["failed", { connect: true, disconnect: false, logout: true, send: false, active: false }],
  ];

  it("lists every status", () => {
    expect(table.map(([s]) => s)).toEqual([...SESSION_STATUSES]);
  });

  it.each(table)("%s", (status, want) => {
    expect(canConnect(status)).toBe(want.connect);
    expect(canDisconnect(status)).toBe(want.disconnect);
    expect(canLogout(status)).toBe(want.logout);
    expect(canSendMessages(status)).toBe(want.send);
    expect(isSocketActive(status)).toBe(want.active);
  });
});
