import {
  claimWantedSession,
  createMessageStore,
  AuthItemReader,
  readSessionLeases,
  releaseSessionLease,
  type DynamoContext,
} from "@wharf/aws";
import type { ConnectMethod, PlacementMessage, SessionStatus } from "@wharf/contracts";
import {
  placementMessage,
  type Clock,
  type QueueSender,
  type SessionLease,
  type SessionOwnerState,
  type WorkerCounters,
  type WorkerRegistry,
} from "@wharf/core";
import type { Logger } from "pino";
import type { WorkerMedia } from "../media/worker-media";
import type { EventSink } from "../events/event-sink";
import type { RunnerOutcome } from "../session/session-runner";
import { OpenShaper, type OpenShapingOptions } from "./open-shaper";
import { SendBatcher } from "./send-batcher";
import { createOwnedEntry, type OwnedEntry } from "./owned-entry";
import type { SocketFactory } from "../session/socket-factory";
import type { AuthStateKeyring } from "@wharf/aws";

export type AcquireResult =
  | { status: "started" | "already" | "missing" | "not_wanted" | "full" }
  | { status: "held"; lease: SessionLease };

export type { OwnedEntry } from "./owned-entry";

/** how long a drain lets a session's running commands finish before it closes the socket */
const HANDOVER_COMMAND_WAIT_MS = 2_000;

async function settleWithin(work: Promise<void>[], ms: number): Promise<void> {
  if (work.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(work), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

export interface SessionTableDeps {
  workerId: string;
  ctx: DynamoContext;
  registry: WorkerRegistry;
  ownerState: SessionOwnerState;
  placement: QueueSender<PlacementMessage>;
  events: EventSink;
  keyring: AuthStateKeyring;
  makeSocket: SocketFactory;
  clock: Clock;
  random: () => number;
  logger: Logger;
  /** reconnects and send latencies of the sessions, for the worker's report */
  counters?: Pick<WorkerCounters, "reconnected" | "sent">;
  capacity: number;
  leaseTtlMs: number;
  leaseRenewMs: number;
  stableOpenMs: number;
  /** see FleetSettings.sendHoldMs */
  sendHoldMs?: number;
  /** see FleetSettings.actionAckTimeoutMs */
  actionAckTimeoutMs?: number;
  /** media for the sessions' sends and inbound files */
  media?: WorkerMedia;
  /** limits on socket starts (default: OpenShaper's) */
  openShaping?: OpenShapingOptions;
}

/**
 * The sessions this worker owns: claim (lease + fencing epoch) and start (rate-shaped), and
 * let each session go the right way when its runner ends (release and, on a handover, place
 * it again; or, when fenced out, touch nothing). Leases are not renewed one by one: the
 * worker's heartbeat (liveness.ts) keeps them all live.
 */
export class SessionTable {
  private readonly entries = new Map<string, OwnedEntry>();
  private starting = 0;
  /** sessions being claimed right now: a second placement of one must not claim it again */
  private readonly acquiring = new Set<string>();
  private closed = false;
  private readonly pending = new Set<Promise<void>>();
  private readonly shared;
  private readonly opens: OpenShaper;
  /** hand-over placements of a drain, sent ten a call */
  private readonly handovers: SendBatcher<PlacementMessage>;

  constructor(private readonly deps: SessionTableDeps) {
    // one auth-state reader for every session: reads close together share BatchGetItem calls
    this.shared = { messages: createMessageStore(deps.ctx), reader: new AuthItemReader(deps.ctx) };
    this.opens = new OpenShaper(deps.openShaping);
    this.handovers = new SendBatcher((bodies) => deps.placement.sendBatch(bodies.map((body) => ({ body }))));
  }

  get load(): number {
    return this.entries.size + this.starting;
  }

  get free(): number {
    return Math.max(0, this.deps.capacity - this.load);
  }

  get(sessionId: string): OwnedEntry | undefined {
    return this.entries.get(sessionId);
  }

  all(): OwnedEntry[] {
    return [...this.entries.values()];
  }

  /** sessions held by their runner's current status */
  countByStatus(): Partial<Record<SessionStatus, number>> {
    const counts: Partial<Record<SessionStatus, number>> = {};
    for (const e of this.entries.values()) counts[e.runner.status] = (counts[e.runner.status] ?? 0) + 1;
    return counts;
  }

  /**
   * Claims the session's lease and starts its socket, if it still wants a connection.
   * `requestId`: the API request behind it, carried on the status events the start emits.
   */
  async acquire(
    tenantId: string,
    sessionId: string,
    connect?: ConnectMethod,
    requestId?: string,
    opts: {
      /** the lease is likely held (a dead worker's session): read it first, the claim would only fail */
      readFirst?: boolean;
      /** told once the lease is ours, before the start waits for its slot */
      onClaimed?: () => void;
    } = {},
  ): Promise<AcquireResult> {
    const existing = this.entries.get(sessionId);
    if (existing) {
      if (connect) await existing.runner.connectWith(connect);
      return { status: "already" };
    }
    // the reconciler places an orphan on every tick until it is claimed: several placements
    // of one session may arrive together, and each claim would fence out the one before
    if (this.acquiring.has(sessionId)) return { status: "already" };
    if (this.closed || this.free <= 0) return { status: "full" };
    this.starting++;
    this.acquiring.add(sessionId);
    try {
      const now = this.deps.clock.now();
      // one conditional update claims a free lease and returns the session (no read first)
      const claim = await claimWantedSession(this.deps.ctx, {
        tenantId,
        sessionId,
        owner: this.deps.workerId,
        now,
        ttlMs: this.deps.leaseTtlMs,
        byHeartbeat: true,
        ...(opts.readFirst ? { readFirst: true } : {}),
      });
      if (claim.status !== "claimed") return claim;
      const session = claim.session;

      const entry = createOwnedEntry(
        this.deps,
        this.shared,
        (entry, outcome) => {
          entry.gone = this.track(this.ended(entry, outcome));
        },
        tenantId,
        sessionId,
        claim.lease.epoch,
        Number.POSITIVE_INFINITY,
      );
      this.entries.set(sessionId, entry);
      // the ownership index only speeds up reaping (the janitor's orphan sweep covers a missed
      // write), so the socket does not wait for it; letting the session go waits for it
      entry.ownership = this.deps.registry
        .recordOwnership(this.deps.workerId, { tenantId, sessionId }, now)
        .catch((err: unknown) => {
          this.deps.logger.warn({ err, sessionId }, "ownership record not written");
        });
      this.deps.logger.info({ tenantId, sessionId, epoch: entry.epoch, requestId }, "session claimed");
      opts.onClaimed?.();
      // the creds are read while the start waits for its slot, so a slot is held for the
      // handshake's own work, not for a DynamoDB round trip
      if (session.status !== "failed") entry.runner.preloadAuth();
      // socket starts are rate-shaped so a burst of claims does not stall the event loop
      await this.opens.run(
        () =>
          entry.runner.start({
            status: session.status,
            phone: session.phone,
            accountName: session.accountName,
            health: session.health,
            pacing: session.pacing,
            lastDisconnect: session.lastDisconnect,
            connect,
            requestId,
          }),
        () => !entry.runner.isRunning || SETTLED.has(entry.runner.status),
        () => entry.runner.handshake(),
      );
      return { status: "started" };
    } finally {
      this.starting--;
      this.acquiring.delete(sessionId);
    }
  }

  /**
   * Reads the leases of every owned session (batched reads, no writes) and closes at once
   * each session another worker claimed meanwhile (say, a claimer whose clock ran ahead saw
   * this worker as dead): what a failed per-session renewal used to tell the owner.
   */
  async verifyOwnership(): Promise<void> {
    const held = this.all();
    if (held.length === 0) return;
    const leases = await readSessionLeases(this.deps.ctx, held);
    for (const e of held) {
      const lease = leases.get(e.sessionId);
      if (this.entries.get(e.sessionId) !== e) continue;
      if (lease && lease.owner === this.deps.workerId && lease.epoch === e.epoch) continue;
      await e.runner.abort(`lease lost to ${lease?.owner ?? "nobody"} at epoch ${lease?.epoch ?? "?"}`);
    }
  }

  /** Hands every session over (drain): sockets closed without logout, leases released, placed again. */
  async handOverAll(): Promise<void> {
    // from now on every claim is refused as "full" and goes to another worker
    this.closed = true;
    // claims already under way finish first, so none starts after the hand-over round
    while (this.starting > 0) await new Promise((r) => setTimeout(r, 50));
    // in parallel; commands already running (a send on its way) finish on this socket first
    await Promise.all(
      this.all().map(async (e) => {
        await settleWithin([...e.commands], HANDOVER_COMMAND_WAIT_MS);
        await e.runner.stop("handover");
      }),
    );
    await this.settled();
  }

  /** true once a drain hands the sessions over: a command arriving now follows its session */
  get handingOver(): boolean {
    return this.closed;
  }

  /** Closes every socket without writing anything (a simulated crash, or being reaped). */
  async abortAll(reason: string): Promise<void> {
    await Promise.all(this.all().map((e) => e.runner.abort(reason)));
    await this.settled();
  }

  /** Waits for lease releases and placements started by ended runners. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async ended(e: OwnedEntry, outcome: RunnerOutcome): Promise<void> {
    if (this.entries.get(e.sessionId) === e) this.entries.delete(e.sessionId);
    const target = { tenantId: e.tenantId, sessionId: e.sessionId };
    // a record still being written would outlive its drop below
    await e.ownership;
    try {
      if (outcome.kind === "released") {
        await releaseSessionLease(this.deps.ctx, { ...target, owner: this.deps.workerId, epoch: e.epoch });
        if (outcome.handover && wantsPlacement(outcome.status)) {
          // peers long-poll the Placement queue: the first free one claims it at once
          await this.handovers.add(
            placementMessage({ ...target, epoch: e.epoch, reason: "drain" }, this.deps.clock.now()),
          );
        }
        // a drain deregisters the worker with all its ownership records at its end
        if (outcome.handover) return;
      }
      await this.deps.registry.dropOwnership(this.deps.workerId, target);
    } catch (err) {
      // the lease then simply expires and the janitor places the session again
      this.deps.logger.error({ err, ...target }, "letting a session go failed");
    }
  }

  private track(p: Promise<void>): Promise<void> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
    return p;
  }
}

/** statuses after which a starting socket no longer costs handshake work */
const SETTLED: ReadonlySet<SessionStatus> = new Set(["open", "qr", "pairing", "disconnected", "logged_out", "failed"]);

function wantsPlacement(status: SessionStatus): boolean {
  return status !== "disconnected" && status !== "logged_out" && status !== "failed";
}
