import type { Account } from "../state/types";
import type { DecodedMessage } from "./kinds";

/** WhatsApp's windows: an edit within 15 minutes of sending, a delete for everyone within about 2 days. */
export const EDIT_WINDOW_SECONDS = 15 * 60;
export const REVOKE_WINDOW_SECONDS = 2 * 24 * 3600;

/**
 * Ack error codes the simulator sends for a refused edit, revoke or reaction
 * (`<ack class="message" id error="…"/>`; Baileys marks the stanza ERROR with the code).
 * WhatsApp does not document its codes for these; the worker maps exactly these.
 */
export const ACTION_REFUSALS = {
  /** no such message in the chat */
  targetNotFound: "404",
  /** edit or revoke of a message the account did not send */
  notOwnMessage: "403",
  /** edit of a message that is no text */
  notEditable: "405",
  /** the edit or revoke window passed */
  windowPassed: "406",
} as const;

/** a fault: per account, how many more of its client's messages get no ack at all */
const withheld = new WeakMap<Account, number>();

export function withholdAcks(account: Account, count: number): void {
  withheld.set(account, Math.max(0, count));
}

/** Whether the fault swallows this message (counts it down): no ack, nothing delivered. */
export function ackWithheld(account: Account): boolean {
  const left = withheld.get(account) ?? 0;
  if (left <= 0) return false;
  withheld.set(account, left - 1);
  return true;
}

/**
 * What the server refuses of an edit, revoke or reaction the account sent, as an ack error
 * code; null when it goes through. The windows count from the target's `t` (see ageMessage).
 */
export function refusalFor(account: Account, decoded: DecodedMessage, nowSeconds: number): string | null {
  const { kind, targetId } = decoded;
  if (!targetId || (kind !== "edit" && kind !== "revoke" && kind !== "reaction")) return null;
  const own = account.received.find((r) => r.id === targetId);
  const theirs = own ? undefined : account.inbox.find((r) => r.id === targetId);
  if (!own && !theirs) return ACTION_REFUSALS.targetNotFound;
  if (kind === "reaction") return null;
  if (!own) return ACTION_REFUSALS.notOwnMessage;
  if (own.revoked) return ACTION_REFUSALS.targetNotFound;
  const age = nowSeconds - own.t;
  if (kind === "edit") {
    if ((own.decoded?.kind ?? "text") !== "text") return ACTION_REFUSALS.notEditable;
    if (age > EDIT_WINDOW_SECONDS) return ACTION_REFUSALS.windowPassed;
    return null;
  }
  return age > REVOKE_WINDOW_SECONDS ? ACTION_REFUSALS.windowPassed : null;
}

/** Moves a message's send time back (for tests of the windows, without waiting). */
export function ageMessage(account: Account, messageId: string, seconds: number): boolean {
  const target = account.received.find((r) => r.id === messageId) ?? account.inbox.find((r) => r.id === messageId);
  if (!target) return false;
  target.t -= seconds;
  return true;
}
