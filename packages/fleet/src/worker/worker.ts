import type { SQSClient } from "@aws-sdk/client-sqs";
import { ChangeMessageVisibilityCommand, DeleteMessageCommand } from "@aws-sdk/client-sqs";
import type { UserFacingSocketConfig } from "@whiskeysockets/baileys";
import { ensureQueue, SqsQueue, type DynamoContext } from "@wharf/aws";
import { FleetCommand, PlacementMessage, type FleetEvent } from "@wharf/contracts";
import { newId, systemClock, type Clock, type ReceivedMessage } from "@wharf/core";
import type { Logger } from "pino";
import type { FleetSettings } from "../config";
import { SqsEventSink, type EventSink } from "../events/event-sink";
import { deleteQueue, reapDeadWorkers } from "../janitor/janitor";
import { isWorkerAlive, WorkerRegistry } from "../registry/worker-registry";
import { createBaileysLogger } from "../session/baileys-logger";
import { createSocketFactory, type SocketFactory } from "../session/socket-factory";
import type { AuthStateKeyring } from "@wharf/aws";
import { CommandLedger } from "../store/command-ledger";
import { handleCommand, type CommandDeps } from "./commands";
import { pause, receiveMessages } from "./receive";
import { SessionTable } from "./session-table";

export interface WorkerDeps {
  settings: FleetSettings;
  ctx: DynamoContext;
  sqs: SQSClient;
  queues: { placementUrl: string; eventsUrl: string };
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
  /** Baileys' logger; default: JSON on stdout at settings.wa.logLevel with phone numbers scrubbed */
  baileysLogger?: Logger;
}

export interface WorkerStats {
  id: string;
  sessions: number;
  capacity: number;
  draining: boolean;
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
  /** resolves when the worker has stopped (drained or crashed) */
  readonly stopped: Promise<void>;
}

const PLACEMENT_VISIBILITY_SECONDS = 30;
const PLACEMENT_CONCURRENCY = 50;
const INBOX_CONCURRENCY = 100;
const MAX_PLACEMENT_RECEIVES = 30;
const FULL_PAUSE_MS = 500;
const ERROR_PAUSE_MS = 1_000;

/** One fleet worker (DESIGN §4). Nothing happens until start(). */
export function createWorker(deps: WorkerDeps): FleetWorker {
  const s = deps.settings;
  const id = s.workerId ?? newId("worker");
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger.child({ workerId: id });
  const registry = new WorkerRegistry(deps.ctx, s.inboxQueuePrefix);
  const placement = new SqsQueue<PlacementMessage>({ client: deps.sqs, queueUrl: deps.queues.placementUrl });
  const events = deps.events ?? new SqsEventSink(new SqsQueue<FleetEvent>({ client: deps.sqs, queueUrl: deps.queues.eventsUrl }), logger);
  const makeSocket =
    deps.makeSocket ??
    createSocketFactory({
      websocketUrl: s.wa.websocketUrl,
      version: s.wa.version,
      syncRecentHistory: s.wa.syncRecentHistory,
      logger: deps.baileysLogger ?? createBaileysLogger(s.wa.logLevel, { workerId: id }),
      ...(deps.socketOverrides ? { overrides: deps.socketOverrides } : {}),
    });
  const table = new SessionTable({
    workerId: id,
    ctx: deps.ctx,
    registry,
    placement,
    events,
    keyring: deps.keyring,
    makeSocket,
    clock,
    random: deps.random ?? Math.random,
    logger,
    capacity: s.capacity,
    leaseTtlMs: s.leaseTtlMs,
    leaseRenewMs: s.leaseRenewMs,
    stableOpenMs: s.stableOpenMs,
  });

  let inboxUrl: string | null = null;
  let draining = false;
  let stopping: Promise<void> | null = null;
  // Long polls are never cut short on a drain: SQS (and fauxqs) may already have handed a
  // message to a poll the client gave up on, which would hide it for the visibility timeout.
  // A drain flips these flags and lets the current poll finish; only crash() aborts polls.
  let claimingStopped = false;
  let workingStopped = false;
  const pauses = new AbortController(); // wakes sleeping loops
  const polls = new AbortController(); // crash only
  const loops: Promise<void>[] = [];
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));

  const commandDeps = (): CommandDeps => ({
    workerId: id,
    ctx: deps.ctx,
    sqs: deps.sqs,
    table,
    registry,
    ledger,
    placement,
    events,
    keyring: deps.keyring,
    clock,
    logger,
    leaseTtlMs: s.leaseTtlMs,
    workerTtlMs: s.workerTtlMs,
  });
  const ledger = new CommandLedger(deps.ctx);

  async function handlePlacement(m: ReceivedMessage): Promise<void> {
    const url = deps.queues.placementUrl;
    const parsed = PlacementMessage.safeParse(safeJson(m.body));
    if (!parsed.success) {
      logger.warn({ messageId: m.messageId, issues: parsed.error.issues.slice(0, 3) }, "invalid placement message: dropped");
      return del(url, m);
    }
    const p = parsed.data;
    const res = await table.acquire(p.tenantId, p.sessionId, p.data.connect);
    if (res.status === "full") return setVisibility(url, m, 0);
    if (res.status !== "held") return del(url, m);
    // someone holds the lease: if that worker is alive it has the session; if it died, try
    // again once its lease has run out
    const holder = res.lease.owner ? await registry.get(res.lease.owner) : null;
    if (res.lease.owner === id || isWorkerAlive(holder, clock.now(), s.workerTtlMs) || m.receiveCount >= MAX_PLACEMENT_RECEIVES) return del(url, m);
    const untilMs = res.lease.leaseUntil ? new Date(res.lease.leaseUntil).getTime() - clock.now().getTime() : 0;
    await setVisibility(url, m, Math.min(43_200, Math.max(1, Math.ceil(untilMs / 1000) + 1)));
  }

  const claims = new Set<Promise<void>>();

  async function placementLoop(): Promise<void> {
    while (!claimingStopped) {
      if (table.free <= 0) {
        await pause(FULL_PAUSE_MS, pauses.signal);
        continue;
      }
      try {
        const msgs = await receiveMessages(deps.sqs, deps.queues.placementUrl, {
          max: Math.min(10, table.free),
          waitSeconds: s.placementWaitSeconds,
          visibilityTimeoutSeconds: PLACEMENT_VISIBILITY_SECONDS,
          signal: polls.signal,
        });
        if (claimingStopped) {
          // received while draining (possibly our own handovers): give them straight back
          await Promise.all(msgs.map((m) => setVisibility(deps.queues.placementUrl, m, 0).catch(() => undefined)));
          break;
        }
        // claims run in the background (their slots count as load at once), so the next poll
        // does not wait for this batch's sockets to start
        for (const m of msgs) {
          const p = handlePlacement(m)
            .catch((err: unknown) => logger.error({ err }, "placement failed"))
            .finally(() => claims.delete(p));
          claims.add(p);
        }
        while (claims.size >= PLACEMENT_CONCURRENCY) await Promise.race(claims);
      } catch (err) {
        logger.error({ err }, "placement poll failed");
        await pause(ERROR_PAUSE_MS, pauses.signal);
      }
    }
    await Promise.allSettled([...claims]);
  }

  async function handleInboxMessage(m: ReceivedMessage): Promise<void> {
    const parsed = FleetCommand.safeParse(safeJson(m.body));
    if (!parsed.success) {
      logger.warn({ messageId: m.messageId, issues: parsed.error.issues.slice(0, 3) }, "invalid command: dropped");
    } else {
      await handleCommand(commandDeps(), parsed.data);
    }
    await del(inboxUrl!, m);
  }

  // Commands run in the background, in order per session: FIFO holds back a session's next
  // message until this one is deleted, and within one batch each session's messages chain.
  const commands = new Set<Promise<void>>();
  const sessionTails = new Map<string, Promise<void>>();

  function dispatchCommand(m: ReceivedMessage): void {
    const key = m.groupId ?? "";
    const p: Promise<void> = (sessionTails.get(key) ?? Promise.resolve())
      .then(() => handleInboxMessage(m))
      .catch((err: unknown) => logger.error({ err, messageId: m.messageId }, "command failed"))
      .finally(() => {
        commands.delete(p);
        if (sessionTails.get(key) === p) sessionTails.delete(key);
      });
    sessionTails.set(key, p);
    commands.add(p);
  }

  async function pollInbox(waitSeconds: number, signal?: AbortSignal, opts: { wait: boolean } = { wait: true }): Promise<number> {
    const msgs = await receiveMessages(deps.sqs, inboxUrl!, { max: 10, waitSeconds, visibilityTimeoutSeconds: 60, ...(signal ? { signal } : {}) });
    for (const m of msgs) dispatchCommand(m);
    if (opts.wait) await Promise.allSettled([...commands]);
    else while (commands.size >= INBOX_CONCURRENCY) await Promise.race(commands);
    return msgs.length;
  }

  async function inboxLoop(): Promise<void> {
    while (!workingStopped) {
      try {
        await pollInbox(s.inboxWaitSeconds, polls.signal, { wait: false });
      } catch (err) {
        logger.error({ err }, "inbox poll failed");
        await pause(ERROR_PAUSE_MS, pauses.signal);
      }
    }
    await Promise.allSettled([...commands]);
  }

  /** Starts due lease renewals often; each lease is renewed every leaseRenewMs. */
  async function renewLoop(): Promise<void> {
    const tick = Math.max(100, Math.min(1_000, s.leaseRenewMs / 4));
    while (!workingStopped) {
      await pause(tick, pauses.signal);
      if (!workingStopped) table.renewDue();
    }
  }

  /** The heartbeat runs on its own, never behind a slow round of renewals. */
  async function heartbeatLoop(): Promise<void> {
    while (!workingStopped) {
      await pause(s.leaseRenewMs, pauses.signal);
      if (workingStopped) break;
      const alive = await registry.heartbeat(id, { load: table.load, state: draining ? "draining" : "running" }, clock.now()).catch((err: unknown) => {
        logger.error({ err }, "heartbeat failed");
        return true;
      });
      if (!alive && !draining && !workingStopped) {
        // a peer declared us dead (we stalled) and is re-placing our sessions: let go, rejoin
        // (the reaper deleted our inbox too, so it is created again)
        logger.error("this worker was reaped by a peer: closing its sessions and registering again");
        await table.abortAll("worker reaped");
        inboxUrl = await ensureQueue(deps.sqs, `${s.inboxQueuePrefix}${id}.fifo`, { fifo: true, visibilityTimeoutSeconds: 60 });
        await registry.register({ id, inboxUrl, capacity: s.capacity, startedAt: clock.now().toISOString() }, clock.now());
      }
    }
  }

  async function reapLoop(): Promise<void> {
    while (!workingStopped) {
      // jitter spreads the peers' scans out
      await pause(s.reapIntervalMs * (0.75 + Math.random() * 0.5), pauses.signal);
      if (workingStopped || draining) break;
      await reapDeadWorkers({ ctx: deps.ctx, sqs: deps.sqs, placement, now: () => clock.now(), logger, workerTtlMs: s.workerTtlMs, fleet: s.inboxQueuePrefix, reaper: id }).catch((err: unknown) =>
        logger.error({ err }, "reaping dead workers failed"),
      );
    }
  }

  async function del(url: string, m: ReceivedMessage): Promise<void> {
    await deps.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.receiptHandle }));
  }

  async function setVisibility(url: string, m: ReceivedMessage, seconds: number): Promise<void> {
    await deps.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.receiptHandle, VisibilityTimeout: seconds }));
  }

  async function stopLoops(opts: { abortPolls: boolean }): Promise<void> {
    claimingStopped = true;
    workingStopped = true;
    pauses.abort();
    if (opts.abortPolls) polls.abort();
    await Promise.allSettled(loops);
  }

  return {
    id,
    get inboxUrl() {
      return inboxUrl;
    },
    stopped,
    async start() {
      if (inboxUrl) throw new Error("worker already started");
      const name = `${s.inboxQueuePrefix}${id}.fifo`;
      inboxUrl = await ensureQueue(deps.sqs, name, { fifo: true, visibilityTimeoutSeconds: 60 });
      await registry.register({ id, inboxUrl, capacity: s.capacity, startedAt: clock.now().toISOString() }, clock.now());
      loops.push(placementLoop(), inboxLoop(), renewLoop(), heartbeatLoop(), reapLoop());
      logger.info({ capacity: s.capacity, inbox: name }, "worker started");
    },
    drain() {
      stopping ??= (async () => {
        draining = true;
        const t0 = Date.now();
        logger.info({ sessions: table.load }, "draining");
        claimingStopped = true;
        await registry.heartbeat(id, { load: table.load, state: "draining" }, clock.now()).catch(() => true);
        const handOver = (async () => {
          await table.handOverAll();
          // commands still queued for handed-over sessions go to their new owners
          await stopLoops({ abortPolls: false });
          if (inboxUrl) while ((await pollInbox(0).catch(() => 0)) > 0);
        })();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([handOver.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), s.drainTimeoutMs)))]);
        clearTimeout(timer);
        if (timedOut) {
          logger.error("drain timed out: closing the remaining sockets; their leases expire");
          await table.abortAll("drain timed out");
        }
        await stopLoops({ abortPolls: true });
        if (inboxUrl) {
          await deleteQueue(deps.sqs, inboxUrl).catch((err: unknown) => logger.error({ err }, "inbox not deleted"));
        }
        await registry.remove(id).catch((err: unknown) => logger.error({ err }, "worker not deregistered"));
        logger.info({ ms: Date.now() - t0 }, "drained");
        resolveStopped();
      })();
      return stopping;
    },
    crash() {
      stopping ??= (async () => {
        await stopLoops({ abortPolls: true });
        await table.abortAll("crash");
        resolveStopped();
      })();
      return stopping;
    },
    sessionIds: () => table.all().map((e) => e.sessionId),
    stats: () => ({ id, sessions: table.load, capacity: s.capacity, draining }),
  };
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
