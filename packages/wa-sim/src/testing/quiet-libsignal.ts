const LIBSIGNAL_NOISE =
  /^(Closing (open )?session|Session already (closed|open)|Decrypted message with closed session|Migrating session to)/;

let installed = false;

/**
 * libsignal reports every replaced Signal session with console.log/console.warn (whole session
 * objects). Expected with simulated parties; this filters those lines out of the console.
 * Process-wide: for tests and benchmarks only.
 */
export function silenceLibsignalSessionLogs(): void {
  if (installed) return;
  installed = true;
  for (const method of ["log", "info", "warn", "error"] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      if (typeof args[0] === "string" && LIBSIGNAL_NOISE.test(args[0])) return;
      original(...args);
    };
  }
}
