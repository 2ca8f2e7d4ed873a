/** Entry `@wharf/fleet/janitor`: the janitor without Baileys, for the janitor Lambda and local runtime. */
export { runJanitor, reapDeadWorkers, placeOrphanedSessions, deleteQueue, type JanitorDeps, type JanitorReport, type ReapReport } from "./janitor";
export { startJanitorInterval, type JanitorInterval } from "./interval";
export { createJanitorHandler } from "./lambda";
export { WorkerRegistry, isWorkerAlive, type WorkerRecord, type OwnedSession, type WorkerState } from "../registry/worker-registry";
export { placementMessage } from "../commands/placement";
