import type { FleetEvent } from "@wharf/contracts";

/** One event the fleet could not publish, kept in its session's outbox; `seq` orders a session's entries. */
export interface OutboxEntry {
  seq: string;
  event: FleetEvent;
}

/**
 * A durable, per-session outbox for events the fleet could not publish while SQS was down
 * (DESIGN §4: nothing the fleet observes is dropped). Entries are replayed oldest first,
 * before any newer event of the same session, so per-session order holds.
 */
export interface EventOutbox {
  /** keeps the entry; seqs are unique and increasing within a session */
  append(tenantId: string, sessionId: string, entry: OutboxEntry): Promise<void>;
  /** the session's oldest entries, at most `limit`, oldest first */
  oldest(tenantId: string, sessionId: string, limit: number): Promise<OutboxEntry[]>;
  /** forgets one entry once it is published (removing a missing entry is no error) */
  remove(tenantId: string, sessionId: string, seq: string): Promise<void>;
}

const MS_DIGITS = 15;
const COUNTER_DIGITS = 6;

/** `<ms>.<counter>`, zero-padded so that string order is time order. */
export function outboxSeq(atMs: number, counter: number): string {
  return `${String(atMs).padStart(MS_DIGITS, "0")}.${String(counter).padStart(COUNTER_DIGITS, "0")}`;
}

/** The next seq after `last` (null: none yet) at `nowMs`: never before `last`, even if clocks differ. */
export function nextOutboxSeq(last: string | null, nowMs: number): string {
  if (last === null) return outboxSeq(nowMs, 0);
  const [msPart, counterPart] = last.split(".");
  const lastMs = Number(msPart);
  if (nowMs > lastMs) return outboxSeq(nowMs, 0);
  return outboxSeq(lastMs, Number(counterPart) + 1);
}
