import type { BinaryNode } from "@whiskeysockets/baileys";
import { SimError } from "./errors";
import { deviceJid } from "./messaging/inbound";
import type { SimConnection } from "./server/connection";
import type { SimContext } from "./server/context";
import type { Account } from "./state/types";

/**
 * Server-initiated disconnects, each with the DisconnectReason code Baileys reports for it
 * (getErrorCodeFromStreamError / CB:failure / socket close / keep-alive timeout).
 */
export const DISCONNECT_FAULTS = {
  /** `<stream:error><conflict type="replaced"/>`: another login took over. */
  replaced: 440,
  /** `<failure reason="401"/>` and the device is unlinked, so it cannot log in again. */
  "logged-out": 401,
  /** `<failure reason="403"/>` (banned/forbidden); the device stays linked. */
  forbidden: 403,
  /** `<stream:error code="503"/>`. */
  unavailable: 503,
  /** `<stream:error code="515"/>`: the client reconnects (as after pairing). */
  "restart-required": 515,
  /** `<stream:error>` with no code and an unknown child: badSession. */
  "bad-session": 500,
  /** `<ib><downgrade_webclient/></ib>`: multideviceMismatch. */
  "multidevice-mismatch": 411,
  /** `<xmlstreamend/>`: connectionClosed. */
  "stream-end": 428,
  /** Drop the TCP connection without a close handshake: connectionClosed. */
  drop: 428,
  /** Go silent (ignore pings): the client gives up after keepAliveIntervalMs + ~5 s with connectionLost. */
  silence: 408,
} as const satisfies Record<string, number>;

export type DisconnectFault = keyof typeof DISCONNECT_FAULTS;

export const isDisconnectFault = (value: string): value is DisconnectFault => Object.hasOwn(DISCONNECT_FAULTS, value);

const streamError = (attrs: Record<string, string>, content?: BinaryNode[]): BinaryNode => ({
  tag: "stream:error",
  attrs,
  ...(content ? { content } : {}),
});

const FAULT_NODES: Partial<Record<DisconnectFault, BinaryNode>> = {
  replaced: streamError({}, [{ tag: "conflict", attrs: { type: "replaced" } }]),
  "logged-out": { tag: "failure", attrs: { reason: "401", location: "sim" } },
  forbidden: { tag: "failure", attrs: { reason: "403", location: "sim" } },
  unavailable: streamError({ code: "503" }),
  "restart-required": streamError({ code: "515" }),
  "bad-session": streamError({}, [{ tag: "sim-internal-error", attrs: {} }]),
  "multidevice-mismatch": { tag: "ib", attrs: {}, content: [{ tag: "downgrade_webclient", attrs: {} }] },
  "stream-end": { tag: "xmlstreamend", attrs: {} },
};

/** Applies a disconnect fault to the account's live connection; returns the code the client will report. */
export function applyDisconnect(account: Account, fault: DisconnectFault): number {
  const conn: SimConnection | undefined = account.conn;
  if (!conn?.isOpen) throw new SimError("account_offline", "the account has no live connection to disconnect");
  if (fault === "drop") {
    conn.terminate();
  } else if (fault === "silence") {
    conn.silent = true;
  } else {
    conn.sendNode(FAULT_NODES[fault]!);
    if (fault === "logged-out") account.device = undefined;
    conn.closeSoon();
  }
  return DISCONNECT_FAULTS[fault];
}

/**
 * The contact drops its Signal session with the account's device (a reinstall, a lost
 * phone): its next message starts a new session (a pkmsg), and the client closes the old one.
 * Queued on the account's delivery chain, so messages already sent keep their session.
 */
export function resetContactSession(ctx: SimContext, account: Account, contactPn: string): Promise<void> {
  const party = ctx.directory.partyByPn(contactPn);
  if (!party) throw new SimError("not_found", "no such contact has written to the account");
  const done = account.chain.then(() => party.signal.forgetSession(deviceJid(account)));
  account.chain = done.catch(() => undefined);
  return done;
}
