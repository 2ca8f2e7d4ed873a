import type { OperationRecord, OperationSettlement, OperationStore } from "../operations/ports";
import { copy } from "./paging";

/** Operation records in memory; waiters wake on settle, bounded by a real timer. */
export class InMemoryOperationStore implements OperationStore {
  readonly records = new Map<string, OperationRecord>();
  private readonly waiters = new Map<string, Set<() => void>>();

  private key(t: string, s: string, id: string): string {
    return `${t}|${s}|${id}`;
  }
  async create(record: OperationRecord): Promise<void> {
    const k = this.key(record.tenantId, record.sessionId, record.id);
    if (this.records.has(k)) throw new Error(`operation ${record.id} exists`);
    this.records.set(k, copy(record));
  }
  async get(t: string, s: string, id: string): Promise<OperationRecord | null> {
    const r = this.records.get(this.key(t, s, id));
    return r ? copy(r) : null;
  }
  async settle(t: string, s: string, id: string, settlement: OperationSettlement): Promise<boolean> {
    const k = this.key(t, s, id);
    const r = this.records.get(k);
    if (r?.status !== "pending") return false;
    this.records.set(k, { ...r, ...copy(settlement) });
    for (const wake of this.waiters.get(k) ?? []) wake();
    return true;
  }
  async waitSettled(t: string, s: string, id: string, waitMs: number): Promise<OperationRecord | null> {
    const k = this.key(t, s, id);
    const current = this.records.get(k);
    if (current?.status !== "pending") return current ? copy(current) : null;
    await new Promise<void>((resolve) => {
      const set = this.waiters.get(k) ?? new Set();
      this.waiters.set(k, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.waiters.delete(k);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      set.add(done);
    });
    return this.get(t, s, id);
  }
}
