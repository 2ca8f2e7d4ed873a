export { createWorker, type FleetWorker, type WorkerDeps, type WorkerStats } from "./worker/worker";
export { loadFleetConfig, fleetSettings, FLEET_DEFAULTS, type FleetConfig, type FleetSettings } from "./config";
export {
  startFleetWorkers,
  type FleetProcess,
  type FleetProcesses,
  type StartFleetWorkersOptions,
} from "./local/start-fleet-workers";
export {
  SessionRunner,
  type SessionRunnerDeps,
  type RunnerStart,
  type RunnerOutcome,
  type StopMode,
} from "./session/session-runner";
export {
  createSocketFactory,
  SOCKET_BASELINE,
  type SocketFactory,
  type SocketFactoryOptions,
} from "./session/socket-factory";
export { baileysCodec, loadAuthState, SignalKeyCache, CredsWriter, type AuthStore } from "./session/baileys-auth";
export { waMessageIdFor, messageIdFromWa } from "./session/wa-message-id";
export { createBaileysLogger } from "./session/baileys-logger";
export { SqsEventSink, MemoryEventSink, buildEvent, type EventSink } from "./events/event-sink";
