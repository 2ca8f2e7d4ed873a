/**
 * Runs the simulator as a server: `pnpm --filter @wharf/wa-sim start -- --port 7777`.
 * Flags are read and validated once here; nothing else in the package reads process arguments.
 */
import { parseArgs } from "node:util";
import { pino } from "pino";
import { z } from "zod";
import { createSimulator } from "./simulator";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    port: { type: "string", default: "7777" },
    "media-port": { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    "latency-ms": { type: "string", default: "0" },
    plaintext: { type: "boolean", default: false },
    "fake-prekey-count": { type: "string" },
    "log-level": { type: "string", default: "info" },
  },
  strict: true,
});

const config = z
  .object({
    port: z.coerce.number().int().min(0).max(65_535),
    "media-port": z.coerce.number().int().min(0).max(65_535),
    host: z.string().min(1),
    "latency-ms": z.coerce.number().int().min(0),
    plaintext: z.boolean(),
    "fake-prekey-count": z.coerce.number().int().min(0).optional(),
    "log-level": z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
  })
  .parse(values);

const logger = pino({ name: "wa-sim", level: config["log-level"] });
const sim = await createSimulator({
  port: config.port,
  mediaPort: config["media-port"],
  host: config.host,
  latencyMs: config["latency-ms"],
  plaintext: config.plaintext,
  fakePrekeyCount: config["fake-prekey-count"],
  logger,
});
logger.info(
  { url: sim.url, adminUrl: sim.adminUrl, mediaOrigin: sim.mediaOrigin, rootKey: sim.rootPublicKey.toString("hex") },
  "wa-sim ready: point Baileys' waWebSocketUrl at url; clients must trust rootKey (see README)",
);

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
