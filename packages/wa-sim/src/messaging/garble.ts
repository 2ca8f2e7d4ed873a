import type { Account } from "../state/types";

/** a fault: per account, contact number → copies of its messages still sent garbled */
const garbling = new WeakMap<Account, Map<string, number>>();

export function garbleMessages(account: Account, contactPn: string, copies: number): void {
  const m = garbling.get(account) ?? new Map<string, number>();
  m.set(contactPn, copies);
  garbling.set(account, m);
}

/**
 * The copy going out now with its last byte flipped (it ends the Signal MAC, pkmsg or msg), while
 * the fault lasts: the client's decrypt fails with "Bad MAC" as after a corrupted session.
 */
export function garbled(account: Account, contactPn: string, ciphertext: Uint8Array): Uint8Array {
  const left = garbling.get(account)?.get(contactPn) ?? 0;
  if (left <= 0 || ciphertext.length === 0) return ciphertext;
  garbling.get(account)?.set(contactPn, left - 1);
  const copy = Uint8Array.from(ciphertext);
  copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0xff;
  return copy;
}
