import { WharfError } from "@wharf/core";

// A write refused because this worker no longer owns the session at its epoch is core's
// FencedError ("auth-state write"): never retried, the socket stops.

/** The write failed for another reason (throttling past retries, oversized item, network). */
export class AuthStateWriteError extends WharfError {
  constructor(message: string, cause?: unknown) {
    super("internal", message, { retryable: true, cause });
  }
}

/** An item could not be opened: unknown key id, tampering, or an item moved to another key. */
export class AuthStateDecryptError extends WharfError {
  constructor(message: string, cause?: unknown) {
    super("internal", message, { cause });
  }
}
