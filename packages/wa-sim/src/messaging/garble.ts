import type { Account } from "../state/types";
import { ContactCountdown } from "./contact-faults";

/** a fault: per account, contact number → copies of its messages still sent garbled */
const garbling = new ContactCountdown();

export function garbleMessages(account: Account, contactPn: string, copies: number): void {
  garbling.arm(account, contactPn, copies);
}

/**
 * The copy going out now with its last byte flipped (it ends the Signal MAC, pkmsg or msg), while
 * the fault lasts: the client's decrypt fails with "Bad MAC" as after a corrupted session.
 */
export function garbled(account: Account, contactPn: string, ciphertext: Uint8Array): Uint8Array {
  if (ciphertext.length === 0 || !garbling.take(account, contactPn)) return ciphertext;
  const copy = Uint8Array.from(ciphertext);
  copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0xff;
  return copy;
}
