import { ConflictError, WharfError } from "@wharf/core";

/**
 * The write was refused because this worker no longer owns the session at its epoch (the
 * ConditionCheck on the session item failed). Never retry: stop the socket.
 */
export class AuthStateFencedError extends ConflictError {
  readonly owner: string;
  readonly epoch: number;
  constructor(owner: string, epoch: number, cause?: unknown) {
    super(`auth-state write refused: ${owner} no longer owns the session at epoch ${epoch}`, { cause });
    this.owner = owner;
    this.epoch = epoch;
  }
}

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
