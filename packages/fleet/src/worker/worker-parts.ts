import type { WorkerDeadLetters } from "./poison";
import type { PlacementMessage } from "@wharf/contracts";
import type { Clock, QueueReceiver, QueueSender, WorkerCounters, WorkerInboxes, WorkerRegistry } from "@wharf/core";
import type { Logger } from "pino";
import type { FleetSettings } from "../config";
import type { SessionTable } from "./session-table";

export interface WorkerStats {
  id: string;
  sessions: number;
  capacity: number;
  draining: boolean;
  /** sessions held by their current status */
  byStatus: Partial<Record<string, number>>;
}

export interface FleetWorker {
  readonly id: string;
  /** inbox URL once started */
  readonly inboxUrl: string | null;
  /** creates the inbox, registers, starts polling; resolves once the worker takes work */
  start(): Promise<void>;
  /** SIGTERM: stop claiming, hand every session over, delete the inbox, deregister */
  drain(): Promise<void>;
  /** stop at once without handing anything over or cleaning up (a crash, for tests) */
  crash(): Promise<void>;
  sessionIds(): string[];
  stats(): WorkerStats;
  /** claims, reconnects and send latencies since fleet ops last took them */
  readonly counters: WorkerCounters;
  /** resolves when the worker has stopped (drained or crashed) */
  readonly stopped: Promise<void>;
}

/** What every part of a worker shares: its identity, settings, injected sources and ports. */
export interface WorkerParts {
  id: string;
  settings: FleetSettings;
  clock: Clock;
  random: () => number;
  logger: Logger;
  table: SessionTable;
  registry: WorkerRegistry;
  inboxes: WorkerInboxes;
  placement: QueueSender<PlacementMessage> & QueueReceiver;
  placementUrl: string;
  /** where poison placement and inbox messages go (null: logged as errors and deleted) */
  deadLetters: WorkerDeadLetters;
  counters: WorkerCounters;
}

/**
 * The worker's run state, shared by its loops. A drain never aborts a long poll: an aborted
 * poll is not a cancelled receive (SQS and fauxqs keep the request waiting and may hand the
 * next message to the closed connection, hidden for the visibility timeout). The drain wakes
 * the inbox poll with a marker message instead and lets the placement poll (a short wait)
 * end; only a crash aborts polls.
 */
export class WorkerRun {
  claimingStopped = false;
  workingStopped = false;
  draining = false;
  private readonly pauses = new AbortController();
  private readonly polls = new AbortController();
  private readonly loops: Promise<void>[] = [];

  /** wakes sleeping loops */
  get pauseSignal(): AbortSignal {
    return this.pauses.signal;
  }

  /** aborts long polls (crash only) */
  get pollSignal(): AbortSignal {
    return this.polls.signal;
  }

  track(...loops: Promise<void>[]): void {
    this.loops.push(...loops);
  }

  /** `wake`: ends the polls in flight by giving them something to receive (a drain) */
  async stopLoops(opts: { abortPolls: boolean; wake?: () => Promise<void> }): Promise<void> {
    this.claimingStopped = true;
    this.workingStopped = true;
    this.pauses.abort();
    if (opts.abortPolls) this.polls.abort();
    await opts.wake?.();
    await Promise.allSettled(this.loops);
  }
}
