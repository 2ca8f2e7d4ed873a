import { createHash } from "node:crypto";
import type { AuthKeyWrites } from "@wharf/aws";

/** digests of what this owner last wrote, per key: bounded (a session touches few keys per send) */
const WRITTEN_MAX_ENTRIES = 1_024;

type Pending = { data: AuthKeyWrites; done: (err?: unknown) => void };

/**
 * The Signal-key writes of one session, each still committed (fenced) before its set()
 * resolves, with two savings:
 * - sets made in the same turn of the event loop go out as one write: a send encrypts for
 *   the contact's devices and the account's own in parallel, and each encrypt stores its
 *   session before the node leaves (signal-repository.ts);
 * - a key whose value is byte-for-byte what this owner last committed for it is not written
 *   again: Baileys' transaction commits, after the node left, the sessions those encrypts
 *   already stored. Only this owner writes the session's keys (fenced), so the stored value is
 *   still that one; a failed write, a write in flight or a clear forgets the digest.
 */
export class KeyWrites {
  private queued: Pending[] = [];
  private readonly written = new Map<string, string>();
  private readonly inFlight = new Map<string, number>();
  /** bumped by forget(): a write that overlapped a clear is not remembered */
  private generation = 0;

  constructor(
    private readonly write: (data: AuthKeyWrites) => Promise<void>,
    private readonly encode: (value: unknown) => Buffer,
  ) {}

  set(data: AuthKeyWrites): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ data, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (this.queued.length === 1) setImmediate(() => void this.flush());
    });
  }

  /** a clear deleted every key: nothing written before it may be skipped */
  forget(): void {
    this.generation++;
    this.written.clear();
  }

  private async flush(): Promise<void> {
    const batch = this.queued;
    this.queued = [];
    const merged: AuthKeyWrites = {};
    for (const { data } of batch)
      for (const [type, byId] of Object.entries(data)) Object.assign(group(merged, type), byId);
    const writes: AuthKeyWrites = {};
    const digests = new Map<string, string | null>();
    for (const [type, byId] of Object.entries(merged)) {
      for (const [id, value] of Object.entries(byId)) {
        const key = `${type}.${id}`;
        const digest = value === null || value === undefined ? null : sha1(this.encode(value));
        if (digest !== null && !this.inFlight.has(key) && this.written.get(key) === digest) continue;
        group(writes, type)[id] = value;
        digests.set(key, digest);
      }
    }
    if (digests.size === 0) {
      for (const p of batch) p.done();
      return;
    }
    for (const key of digests.keys()) {
      this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
      this.written.delete(key);
    }
    const generation = this.generation;
    let failure: unknown;
    try {
      await this.write(writes);
    } catch (err) {
      failure = err ?? new Error("auth-state key write failed");
    }
    for (const [key, digest] of digests) {
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
      // only a write that is the last one for its key, and that surely committed, is remembered
      if (failure === undefined && left === 0 && digest !== null && generation === this.generation)
        this.remember(key, digest);
    }
    for (const p of batch) p.done(failure);
  }

  private remember(key: string, digest: string): void {
    this.written.set(key, digest);
    if (this.written.size > WRITTEN_MAX_ENTRIES) this.written.delete(this.written.keys().next().value as string);
  }
}

/** the writes of one key type, made on first use */
function group(writes: AuthKeyWrites, type: string): Record<string, unknown> {
  const existing = writes[type];
  if (existing) return existing;
  const made: Record<string, unknown> = {};
  writes[type] = made;
  return made;
}

const sha1 = (bytes: Buffer) => createHash("sha1").update(bytes).digest("base64");
