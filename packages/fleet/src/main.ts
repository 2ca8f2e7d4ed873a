/**
 * Fleet worker entry point (ECS task, `npm start` in packages/fleet, or a child process of
 * the local runtime). Config is read and validated once here; SIGTERM drains, a crash exits
 * non-zero and the leases expire so peers take the sessions over.
 * `--health`: exit 0 while the running worker's heartbeat is fresh (the container health check).
 * `--check`: validate the configuration and exit 0 (the image build check, a deploy smoke test).
 */
import { pino } from "pino";
import {
  AuthStateKeyring,
  countSdkCalls,
  SqsDeadLetterSink,
  createEcsTaskProtection,
  createFleetClients,
  createS3Client,
  createS3MediaObjects,
  createStdoutMetrics,
  LOCAL_CREDENTIALS,
} from "@wharf/aws";
import { noTaskProtection, systemClock } from "@wharf/core";
import { loadFleetConfig } from "./config";
import { startFleetOps } from "./ops/fleet-ops";
import { DEFAULT_HEARTBEAT_FILE, heartbeatFresh } from "./ops/heartbeat";
import { installConsoleGuard } from "./session/console-guard";

const clock = systemClock;
const heartbeatFile = process.env.WHARF_HEARTBEAT_FILE || DEFAULT_HEARTBEAT_FILE;
if (process.argv.includes("--health")) process.exit(heartbeatFresh(heartbeatFile, clock.now().getTime()) ? 0 : 1);

const config = loadFleetConfig(process.env);
const { base, fleet } = config;
if (process.argv.includes("--check")) {
  console.log(
    JSON.stringify({ ok: true, stage: base.stage, capacity: fleet.capacity, inboxQueuePrefix: fleet.inboxQueuePrefix }),
  );
  process.exit(0);
}
// loaded after the flags: Baileys is not needed to answer them
const { createWorker } = await import("./worker/worker");
const logger = pino({ level: base.logLevel, base: { app: "wharf-fleet", stage: base.stage } });
// libsignal prints Signal sessions (private keys) on the console: it goes through the logger, scrubbed
const restoreConsole = installConsoleGuard(logger);
const clients = createFleetClients(base, process.env);
const { doc, sqs } = clients;
// benchmarks: SDK calls per command on the worker's own clients, read (and reset) over IPC
if (config.countSdkCalls) {
  const sdkCalls = countSdkCalls([clients.dynamo, sqs]);
  process.on("message", (m: { cmd?: string; seq?: number }) => {
    if (m?.cmd === "sdk-calls") process.send?.({ type: "sdk-calls", seq: m.seq, calls: sdkCalls.take() });
  });
}
// the media bucket: fauxqs locally (its endpoint, any credentials), S3 with the task role on AWS
const s3 = fleet.media.bucket
  ? createS3Client({
      region: base.region,
      endpoint: fleet.media.s3Endpoint ?? undefined,
      credentials: fleet.media.s3Endpoint && !process.env.AWS_ACCESS_KEY_ID ? LOCAL_CREDENTIALS : undefined,
    })
  : null;

const worker = createWorker({
  settings: fleet,
  ctx: { doc, tableName: base.tableName },
  sqs,
  queues: {
    placementUrl: base.queues.placementUrl!,
    eventsUrl: base.queues.eventsUrl!,
    inboxDlq: base.queues.inboxDlq,
  },
  keyring: new AuthStateKeyring(base.authStateKey!, config.previousAuthStateKeys),
  deadLetters: {
    placement: base.queues.placementDlqUrl
      ? new SqsDeadLetterSink({ client: sqs, queueUrl: base.queues.placementDlqUrl })
      : null,
    inbox: base.queues.inboxDlqUrl ? new SqsDeadLetterSink({ client: sqs, queueUrl: base.queues.inboxDlqUrl }) : null,
  },
  ...(s3 && fleet.media.bucket ? { mediaObjects: createS3MediaObjects(s3, fleet.media.bucket) } : {}),
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

let ops: ReturnType<typeof startFleetOps> | null = null;
try {
  await worker.start();
  // a child of the local runtime has no ECS agent and no health check
  ops = startFleetOps({
    worker,
    metrics: createStdoutMetrics(base),
    protection: base.ecsAgentUri ? createEcsTaskProtection(base.ecsAgentUri) : noTaskProtection,
    logger,
    heartbeatFile: process.send ? null : heartbeatFile,
  });
  // tells a parent process (startFleetWorkers) which worker this is
  process.send?.({ type: "wharf-worker-ready", workerId: worker.id, inboxUrl: worker.inboxUrl });
} catch (err) {
  logger.fatal({ err }, "worker failed to start");
  process.exit(1);
}
await worker.stopped;
ops?.stop();
clients.destroy();
s3?.destroy();
logger.info("worker stopped");
restoreConsole();
process.exit(0);
