/**
 * Fleet worker entry point (ECS task, `npm start` in packages/fleet, or a child process of
 * the local runtime). Config is read and validated once here; SIGTERM drains, a crash exits
 * non-zero and the leases expire so peers take the sessions over.
 */
import { pino } from "pino";
import { loadFleetConfig } from "./config";
import { AuthStateKeyring, createFleetClients } from "@wharf/aws";
import { systemClock } from "@wharf/core";
import { createWorker } from "./worker/worker";

const config = loadFleetConfig(process.env);
const { base, fleet } = config;
const logger = pino({ level: base.logLevel, base: { app: "wharf-fleet", stage: base.stage } });
const clients = createFleetClients(base, process.env);
const { doc, sqs } = clients;
const clock = systemClock;

const worker = createWorker({
  settings: fleet,
  ctx: { doc, tableName: base.tableName },
  sqs,
  queues: { placementUrl: base.queues.placementUrl!, eventsUrl: base.queues.eventsUrl! },
  keyring: new AuthStateKeyring(base.authStateKey!, config.previousAuthStateKeys),
  logger,
  clock,
});

let drainingSince = 0;
const onSignal = (signal: NodeJS.Signals) => {
  if (drainingSince > 0) {
    // under `npm start` one Ctrl-C arrives twice (the terminal's SIGINT, then the runtime's
    // SIGTERM): only a later second signal means "exit without finishing the drain"
    if (clock.now().getTime() - drainingSince < 1_500) return;
    logger.warn({ signal }, "second signal: exiting without finishing the drain");
    process.exit(1);
  }
  drainingSince = clock.now().getTime();
  logger.info({ signal }, "draining on signal");
  void worker.drain();
};
process.on("SIGTERM", onSignal);
process.on("SIGINT", onSignal);
process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled rejection"));

try {
  await worker.start();
  // tells a parent process (startFleetWorkers) which worker this is
  process.send?.({ type: "wharf-worker-ready", workerId: worker.id, inboxUrl: worker.inboxUrl });
} catch (err) {
  logger.fatal({ err }, "worker failed to start");
  process.exit(1);
}
await worker.stopped;
clients.destroy();
logger.info("worker stopped");
process.exit(0);
