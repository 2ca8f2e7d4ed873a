/**
 * Holds back the ack of a contact's receipt for this session's own message (delivered, read,
 * played) until Wharf holds the new status durably (its message.status event published, or kept
 * in the session's outbox). WhatsApp keeps a receipt and sends it again, at the next login, until
 * the device acks it; so a worker that dies between the receipt and the publish loses no status.
 *
 * Baileys asks `wait(ids, status)` before it emits the matching update (its event buffer flushes
 * after the receipt is handled); the listener answers with `settle(id, status, durable)`. A settle
 * covers every wait for that id up to its status, since Baileys may merge a delivered and a read
 * update of one message into one.
 */
export class StatusReceiptGate {
  private readonly waiting = new Map<string, Waiter[]>();
  /** settles that came before their wait (not expected from Baileys, kept so none is missed) */
  private readonly early = new Map<string, { status: number; durable: Promise<void> }>();
  private closed = false;

  /**
   * @param reported whether the listener reports (and so settles) this status of this message;
   *   receipts of anything else are acked at once
   */
  constructor(private readonly reported: (waMessageId: string, status: number) => boolean) {}

  /** Settles once every reported id's status is durable; rejects if the socket closes first. */
  wait(ids: readonly string[], status: number): Promise<void> {
    if (this.closed) return Promise.reject(new Error("socket closed"));
    const waits: Promise<void>[] = [];
    for (const id of ids) {
      if (!this.reported(id, status)) continue;
      const early = this.early.get(id);
      if (early && early.status >= status) {
        waits.push(early.durable);
        continue;
      }
      waits.push(
        new Promise<void>((resolve, reject) => {
          const list = this.waiting.get(id) ?? [];
          list.push({ status, resolve, reject });
          this.waiting.set(id, list);
        }),
      );
    }
    return Promise.all(waits).then(() => undefined);
  }

  /** The listener reported `status` of a message: waits up to that status follow `durable`. */
  settle(waMessageId: string, status: number, durable: Promise<void>): void {
    // a failed publish must not surface as an unhandled rejection when nobody waits
    durable.catch(() => undefined);
    if (this.closed) return;
    const list = this.waiting.get(waMessageId);
    if (!list) {
      this.early.set(waMessageId, { status, durable });
      this.trimEarly();
      return;
    }
    const rest = list.filter((w) => w.status > status);
    for (const w of list) if (w.status <= status) durable.then(w.resolve, w.reject);
    if (rest.length) this.waiting.set(waMessageId, rest);
    else this.waiting.delete(waMessageId);
  }

  /** The socket ends: no ack may go out any more, so the server keeps every receipt not acked. */
  close(): void {
    this.closed = true;
    const err = new Error("socket closed");
    for (const list of this.waiting.values()) for (const w of list) w.reject(err);
    this.waiting.clear();
    this.early.clear();
  }

  /** Receipts whose ack waits (for tests and logs). */
  get size(): number {
    let n = 0;
    for (const list of this.waiting.values()) n += list.length;
    return n;
  }

  private trimEarly(): void {
    for (const id of this.early.keys()) {
      if (this.early.size <= MAX_EARLY) return;
      this.early.delete(id);
    }
  }
}

const MAX_EARLY = 1_000;

interface Waiter {
  status: number;
  resolve(): void;
  reject(err: unknown): void;
}
