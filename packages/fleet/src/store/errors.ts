import { ConflictError } from "@wharf/core";

/** The session item refused an owner write: this worker no longer holds the lease at its epoch. */
export class FencedOutError extends ConflictError {
  constructor(fence: { owner: string; epoch: number }, cause?: unknown) {
    super(`session write refused: ${fence.owner} no longer owns the session at epoch ${fence.epoch}`, { cause });
  }
}
