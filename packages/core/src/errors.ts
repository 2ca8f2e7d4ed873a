import type { ErrorCode, FieldIssue } from "@wharf/contracts";

/**
 * The one error base. `code` is stable and machine-readable; control maps it to HTTP once
 * (Hono onError) and to SQS retry/DLQ once (`retryable`).
 */
export class WharfError extends Error {
  readonly code: ErrorCode;
  readonly details: FieldIssue[] | undefined;
  /** true when retrying the same input later may succeed (SQS: leave for redelivery). */
  readonly retryable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { details?: FieldIssue[]; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = opts.details;
    this.retryable = opts.retryable ?? false;
  }
}

export class ValidationError extends WharfError {
  constructor(message: string, details: FieldIssue[] = []) {
    super("validation_failed", message, { details });
  }
}

export class UnauthorizedError extends WharfError {
  constructor(message = "missing or invalid API key") {
    super("unauthorized", message);
  }
}

export class ForbiddenError extends WharfError {
  constructor(message = "this key may not do that") {
    super("forbidden", message);
  }
}

export class NotFoundError extends WharfError {
  constructor(what: string, id?: string) {
    super("not_found", id ? `${what} ${id} not found` : `${what} not found`);
  }
}

/** A concurrent writer got there first (conditional write failed). */
export class ConflictError extends WharfError {
  constructor(message: string, opts: { retryable?: boolean; cause?: unknown } = {}) {
    super("conflict", message, opts);
  }
}

/**
 * A write refused because the writer no longer owns the session at its lease epoch (the
 * fencing condition failed). Never retry: the worker closes the socket and writes nothing more.
 */
export class FencedError extends ConflictError {
  readonly owner: string;
  readonly epoch: number;
  constructor(
    fence: { owner: string; epoch: number },
    what: "session write" | "auth-state write" = "session write",
    cause?: unknown,
  ) {
    // retryable: handled again, the work finds the session's new owner (or nobody) and goes there
    super(`${what} refused: ${fence.owner} no longer owns the session at epoch ${fence.epoch}`, {
      cause,
      retryable: true,
    });
    this.owner = fence.owner;
    this.epoch = fence.epoch;
  }
}

/** The entity exists but is in a state where this verb is not allowed. */
export class InvalidStateError extends WharfError {
  constructor(message: string) {
    super("invalid_state", message);
  }
}

export class RateLimitedError extends WharfError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super("rate_limited", message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A dependency (a queue, a table) is unavailable right now; nothing was done, retrying later may succeed. */
export class UnavailableError extends WharfError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number, cause?: unknown) {
    super("unavailable", message, { retryable: true, cause });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isWharfError(err: unknown): err is WharfError {
  return err instanceof WharfError;
}
