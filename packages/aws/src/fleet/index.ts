export { createWorkerRegistry } from "./worker-registry";
export { createCommandLedger } from "./command-ledger";
export { createEventOutbox, createOutboxSweepStore } from "./event-outbox";
export { createSessionOwnerState } from "./session-owner-state";
export { createOrphanedSessionSource, createOrphanStatusWriter } from "./orphaned-sessions";
export { createFleetClients, type FleetClients } from "./fleet-clients";
