import { type AuthItemReader, DynamoAuthStateStore } from "@wharf/aws";
import type { MessageStore } from "@wharf/core";
import { baileysCodec } from "../session/baileys-auth";
import { type RunnerOutcome, SessionRunner } from "../session/session-runner";
import type { SessionTableDeps } from "./session-table";

/** A session this worker holds: its lease, renewal schedule and runner. */
export interface OwnedEntry {
  tenantId: string;
  sessionId: string;
  epoch: number;
  leaseUntil: number;
  /** when the next renewal is due (epoch ms) */
  renewAt: number;
  renewing: boolean;
  runner: SessionRunner;
  /** inbox commands running on this runner now: a drain lets them finish before it hands over */
  commands: Set<Promise<void>>;
  /** the ownership record's write (the index the reaper reads), started with the claim */
  ownership?: Promise<void>;
  /** set once the runner ended and the session was let go (lease released, placed again) */
  gone?: Promise<void>;
}

/**
 * One owned session's runner, wired to a fenced auth-state store and owner-state writer: the
 * epoch is read through the entry, so every write uses the lease this runner holds now.
 */
export function createOwnedEntry(
  deps: SessionTableDeps,
  shared: { messages: Pick<MessageStore, "get">; reader: AuthItemReader },
  onEnded: (entry: OwnedEntry, outcome: RunnerOutcome) => void,
  tenantId: string,
  sessionId: string,
  epoch: number,
  leaseUntil: number,
): OwnedEntry {
  const log = deps.logger.child({ tenantId, sessionId });
  // the epoch is read through the entry, so every write uses the lease this runner holds
  const holder: { entry?: OwnedEntry } = {};
  const fence = () => ({ owner: deps.workerId, epoch: holder.entry?.epoch ?? epoch });
  const authStore = new DynamoAuthStateStore({
    ctx: deps.ctx,
    tenantId,
    sessionId,
    keyring: deps.keyring,
    codec: baileysCodec,
    reader: shared.reader,
    fence,
    onWriteError: (err) => holder.entry?.runner.handleAuthWriteError(err),
  });
  const runner = new SessionRunner({
    tenantId,
    sessionId,
    fence,
    authStore,
    state: { write: (patch) => deps.ownerState.write({ tenantId, sessionId }, fence(), patch, deps.clock.now()) },
    events: deps.events,
    makeSocket: deps.makeSocket,
    clock: deps.clock,
    random: deps.random,
    logger: log,
    stableOpenMs: deps.stableOpenMs,
    ...(deps.sendHoldMs ? { sendHoldMs: deps.sendHoldMs } : {}),
    ...(deps.actionAckTimeoutMs ? { actionAckTimeoutMs: deps.actionAckTimeoutMs } : {}),
    ...(deps.counters ? { counters: deps.counters } : {}),
    ...(deps.media ? { media: deps.media } : {}),
    sentMessage: async (id) => {
      const m = await shared.messages.get(tenantId, sessionId, id);
      return m?.direction === "out" && m.content.kind === "text" ? { conversation: m.content.text } : undefined;
    },
    onEnded: (outcome) => onEnded(holder.entry!, outcome),
  });
  holder.entry = {
    tenantId,
    sessionId,
    epoch,
    leaseUntil,
    renewAt: leaseUntil - deps.leaseTtlMs + deps.leaseRenewMs,
    renewing: false,
    runner,
    commands: new Set(),
  };
  return holder.entry;
}
