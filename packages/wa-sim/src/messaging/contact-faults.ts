import type { Account } from "../state/types";

/**
 * A fault that hits the next N messages between an account and one contact: per account,
 * contact number → copies it still hits. `arm` sets the count, `take` spends one.
 */
export class ContactCountdown {
  private readonly left = new WeakMap<Account, Map<string, number>>();

  arm(account: Account, contactPn: string, copies: number): void {
    const m = this.left.get(account) ?? new Map<string, number>();
    m.set(contactPn, copies);
    this.left.set(account, m);
  }

  /** Whether the fault hits the copy going now (counts it down). */
  take(account: Account, contactPn: string): boolean {
    const m = this.left.get(account);
    const left = m?.get(contactPn) ?? 0;
    if (left <= 0) return false;
    m?.set(contactPn, left - 1);
    return true;
  }
}
