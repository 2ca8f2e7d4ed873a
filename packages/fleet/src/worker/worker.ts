import type { UserFacingSocketConfig } from "@whiskeysockets/baileys";
import type { AuthStateKeyring, DynamoContext, SqsClient } from "@wharf/aws";
import type { MediaObjects } from "@wharf/core";
import { newId, systemClock, type Clock } from "@wharf/core";
import type { Logger } from "pino";
import type { FleetSettings } from "../config";
import type { EventSink } from "../events/event-sink";
import type { SocketFactory } from "../session/socket-factory";
import { composeWorkerParts } from "./compose-parts";
import { drainWorker } from "./drain";
import { Inbox } from "./inbox";
import { startLiveness } from "./liveness";
import { pause } from "./pause";
import { HeldSendSweeper, heldSendLoop } from "./send-hold";
import { runPlacementLoop } from "./placement-loop";
import type { WorkerDeadLetters } from "./poison";
import { WorkerRun, type FleetWorker } from "./worker-parts";

export type { FleetWorker, WorkerStats } from "./worker-parts";

export interface WorkerDeps {
  settings: FleetSettings;
  ctx: DynamoContext;
  sqs: SqsClient;
  /** inboxDlq: where every inbox redrives a command that keeps failing (null locally) */
  queues: { placementUrl: string; eventsUrl: string; inboxDlq?: { arn: string; maxReceiveCount: number } | null };
  /** the placement and inbox DLQs for poison messages (default: none) */
  deadLetters?: WorkerDeadLetters;
  keyring: AuthStateKeyring;
  logger: Logger;
  clock?: Clock;
  random?: () => number;
  /** replaces the Baileys socket factory built from settings.wa (benchmarks, tests) */
  makeSocket?: SocketFactory;
  /** test-only changes to the socket baseline (e.g. a short connectTimeoutMs) */
  socketOverrides?: Partial<UserFacingSocketConfig>;
  /** replaces the Events.fifo sink (unit tests) */
  events?: EventSink;
  /** the media bucket (settings.media.bucket, opened by the entry point); absent: no media */
  mediaObjects?: MediaObjects;
  /** Baileys' logger; default: JSON on stdout at settings.wa.logLevel with phone numbers scrubbed */
  baileysLogger?: Logger;
}

/** One fleet worker (DESIGN §4): placement loop, inbox, liveness and drain over shared parts. Nothing happens until start(). */
export function createWorker(deps: WorkerDeps): FleetWorker {
  const s = deps.settings;
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const id = s.workerId ?? newId("worker", clock.now().getTime());
  const logger = deps.logger.child({ workerId: id });
  const { parts, commandDeps } = composeWorkerParts(deps, id, clock, random, logger);
  const { registry, table, counters } = parts;
  const run = new WorkerRun();
  const inbox = new Inbox(parts, run, () => ({ ...commandDeps(), stopping: () => run.workingStopped }));
  const register = async () =>
    registry.register(
      { id, inboxUrl: await inbox.open(), capacity: s.capacity, startedAt: clock.now().toISOString() },
      clock.now(),
    );
  // a peer declared us dead and is re-placing our sessions (it deleted our inbox too)
  const rejoin = async () => {
    await table.abortAll("worker reaped");
    await register();
  };

  let stopping: Promise<void> | null = null;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  const stopOnce = (how: () => Promise<void>) => (stopping ??= how().then(resolveStopped));

  return {
    id,
    get inboxUrl() {
      return inbox.url;
    },
    stopped,
    async start() {
      if (inbox.url) throw new Error("worker already started");
      await register();
      const deps = commandDeps();
      const sweeper = new HeldSendSweeper({ ...deps, holdMs: s.sendHoldMs });
      const held = heldSendLoop(sweeper, {
        holdMs: s.sendHoldMs,
        stopped: () => run.workingStopped,
        pause: (ms) => pause(ms, run.pauseSignal),
        logger,
      });
      run.track(runPlacementLoop(parts, run), inbox.loop(), held, ...startLiveness(parts, run, rejoin));
      logger.info({ capacity: s.capacity, inbox: `${s.inboxQueuePrefix}${id}.fifo` }, "worker started");
    },
    drain: () => stopOnce(() => drainWorker(parts, run, inbox)),
    crash: () =>
      stopOnce(async () => {
        await run.stopLoops({ abortPolls: true });
        await table.abortAll("crash");
      }),
    sessionIds: () => table.all().map((e) => e.sessionId),
    stats: () => ({
      id,
      sessions: table.load,
      capacity: s.capacity,
      draining: run.draining,
      byStatus: table.countByStatus(),
    }),
    counters,
  };
}
