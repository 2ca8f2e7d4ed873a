/**
 * Holds back the delivery receipt of each received message until Wharf has made the message
 * durable (its event published, or kept in the session's outbox). WhatsApp keeps a message and
 * delivers it again, offline, until the device's receipt for it arrives; so a worker that dies
 * between receiving and publishing loses nothing: the next owner gets the message again.
 *
 * Baileys asks `wait(id)` right after it upserted the message; the upsert listener says what
 * became of it with `settle(id, durable)`. Either may come first (Baileys buffers upserts while
 * it processes the offline backlog), so both meet in one entry per message id.
 */
export class ReceiptGate {
  private readonly entries = new Map<string, Entry>();
  private closed = false;
  private readonly closing = newEntry();

  /** Settles once the message with this WhatsApp id is durable; rejects if the socket closes first. */
  wait(waMessageId: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error("socket closed"));
    const entry = this.entry(waMessageId);
    entry.waited = true;
    if (entry.settled) this.entries.delete(waMessageId);
    // a publish that ends after the socket closed sends nothing: the next socket gets the message
    return Promise.race([entry.promise, this.closing.promise]);
  }

  /** The upsert listener's word on a message: durable once `durable` resolves (at once when absent). */
  settle(waMessageId: string, durable: Promise<void> = Promise.resolve()): void {
    if (this.closed) return void durable.catch(() => undefined);
    const entry = this.entry(waMessageId);
    if (entry.settled) return;
    entry.settled = true;
    durable.then(entry.resolve, entry.reject);
    if (entry.waited) this.entries.delete(waMessageId);
    else this.trim();
  }

  /** The socket ends: no receipt may go out any more, so the server keeps what was not confirmed. */
  close(): void {
    this.closed = true;
    this.closing.reject(new Error("socket closed"));
    this.entries.clear();
  }

  /** Messages waiting for their receipt or their listener (for tests and logs). */
  get size(): number {
    return this.entries.size;
  }

  private entry(id: string): Entry {
    let entry = this.entries.get(id);
    if (!entry) {
      entry = newEntry();
      this.entries.set(id, entry);
    }
    return entry;
  }

  /** Upserts Baileys never gates (e.g. placeholder resends) must not pile up: the oldest go. */
  private trim(): void {
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= MAX_UNGATED) return;
      if (entry.settled && !entry.waited) this.entries.delete(id);
    }
  }
}

const MAX_UNGATED = 10_000;

interface Entry {
  promise: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
  waited: boolean;
  settled: boolean;
}

function newEntry(): Entry {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // a gate nobody waits on (no receipt deferred) must not surface as an unhandled rejection
  promise.catch(() => undefined);
  return { promise, resolve, reject, waited: false, settled: false };
}
