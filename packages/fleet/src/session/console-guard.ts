import type { Logger } from "pino";
import { scrub } from "./baileys-logger";

const METHODS = ["log", "info", "debug", "trace", "warn", "error"] as const;
type Method = (typeof METHODS)[number];
const LEVEL: Record<Method, "trace" | "debug" | "warn" | "error"> = {
  log: "debug",
  info: "debug",
  debug: "debug",
  trace: "trace",
  warn: "warn",
  error: "error",
};
const MAX_MESSAGE_CHARS = 160;
// base64 / hex runs long enough to be key material or ciphertext
const OPAQUE_RUN = /[A-Za-z0-9+/=_-]{20,}/g;

let restoreInstalled: (() => void) | null = null;

/** The first argument if it is a string, cut short, opaque runs and phone numbers removed. */
function summary(args: unknown[]): string {
  const first = typeof args[0] === "string" ? args[0] : "";
  return (scrub(first.slice(0, MAX_MESSAGE_CHARS).replace(OPAQUE_RUN, "<opaque>")) as string).trim();
}

/**
 * Routes console output of the libraries a worker runs into its pino logger. libsignal prints
 * whole Signal sessions (private keys included) with console.info/warn on every session
 * change, and errors with console.error; only the leading text of a console call is kept
 * (scrubbed), every other argument is dropped and only counted. Installed once per process by
 * the worker's entry point; the returned function puts the console back.
 */
export function installConsoleGuard(logger: Logger): () => void {
  if (restoreInstalled) return restoreInstalled;
  const log = logger.child({ source: "console" });
  const originals = new Map<Method, (typeof console)[Method]>();
  for (const method of METHODS) {
    originals.set(method, console[method]);
    console[method] = (...args: unknown[]) => {
      const dropped = args.length - (typeof args[0] === "string" ? 1 : 0);
      log[LEVEL[method]]({ dropped }, summary(args) || "console output (not text)");
    };
  }
  const restore = () => {
    for (const [method, original] of originals) console[method] = original;
    restoreInstalled = null;
  };
  restoreInstalled = restore;
  return restore;
}
