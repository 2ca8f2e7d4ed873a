import {
  createCommandLedger,
  createEventOutbox,
  createSessionOwnerState,
  createWorkerInboxes,
  createWorkerRegistry,
  SqsQueue,
} from "@wharf/aws";
import type { FleetEvent, PlacementMessage } from "@wharf/contracts";
import { WorkerCounters, type Clock } from "@wharf/core";
import type { Logger } from "pino";
import { SqsEventSink } from "../events/event-sink";
import { createBaileysLogger } from "../session/baileys-logger";
import { createWorkerMedia } from "../media/worker-media";
import { createSocketFactory } from "../session/socket-factory";
import type { CommandDeps } from "./commands";
import { NO_DEAD_LETTERS } from "./poison";
import { SessionTable } from "./session-table";
import type { WorkerDeps } from "./worker";
import type { WorkerParts } from "./worker-parts";

/** Builds a worker's shared parts and its command dependencies from its deps; starts nothing. */
export function composeWorkerParts(
  deps: WorkerDeps,
  id: string,
  clock: Clock,
  random: () => number,
  logger: Logger,
): { parts: WorkerParts; commandDeps: () => CommandDeps } {
  const s = deps.settings;
  const registry = createWorkerRegistry(deps.ctx, s.inboxQueuePrefix, { workerTtlMs: s.workerTtlMs });
  // claims of one receive settle close together: their deletes share DeleteMessageBatch calls
  const placement = new SqsQueue<PlacementMessage>({
    client: deps.sqs,
    queueUrl: deps.queues.placementUrl,
    batchDeletes: true,
  });
  const events =
    deps.events ??
    new SqsEventSink(
      new SqsQueue<FleetEvent>({ client: deps.sqs, queueUrl: deps.queues.eventsUrl }),
      createEventOutbox(deps.ctx),
      logger,
    );
  const media = createWorkerMedia(s.media, deps.mediaObjects ?? null);
  const makeSocket =
    deps.makeSocket ??
    createSocketFactory({
      websocketUrl: s.wa.websocketUrl,
      version: s.wa.version,
      syncRecentHistory: s.wa.syncRecentHistory,
      fetchAgent: media.trust.fetchAgent,
      logger: deps.baileysLogger ?? createBaileysLogger(s.wa.logLevel, { workerId: id }),
      ...(deps.socketOverrides ? { overrides: deps.socketOverrides } : {}),
    });
  const timings = {
    capacity: s.capacity,
    leaseTtlMs: s.leaseTtlMs,
    leaseRenewMs: s.leaseRenewMs,
    stableOpenMs: s.stableOpenMs,
    sendHoldMs: s.sendHoldMs,
    actionAckTimeoutMs: s.actionAckTimeoutMs,
  };
  const ownerState = createSessionOwnerState(deps.ctx);
  const counters = new WorkerCounters(random);
  const table = new SessionTable({
    workerId: id,
    ctx: deps.ctx,
    registry,
    ownerState,
    placement,
    events,
    keyring: deps.keyring,
    makeSocket,
    clock,
    random,
    logger,
    counters,
    media,
    ...timings,
  });
  const inboxes = createWorkerInboxes(deps.sqs, {
    prefix: s.inboxQueuePrefix,
    deadLetterTarget: deps.queues.inboxDlq ?? null,
  });
  const parts: WorkerParts = {
    id,
    settings: s,
    clock,
    random,
    logger,
    table,
    registry,
    inboxes,
    placement,
    placementUrl: deps.queues.placementUrl,
    deadLetters: deps.deadLetters ?? NO_DEAD_LETTERS,
    counters,
  };
  const ledger = createCommandLedger(deps.ctx);
  const { keyring, ctx } = deps;
  const commandDeps = () => ({
    workerId: id,
    ctx,
    inboxes,
    table,
    registry,
    ledger,
    placement,
    events,
    keyring,
    clock,
    logger,
    leaseTtlMs: s.leaseTtlMs,
    workerTtlMs: s.workerTtlMs,
    sendHoldMs: s.sendHoldMs,
  });
  return { parts, commandDeps };
}
