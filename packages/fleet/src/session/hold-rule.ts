import type { MessageFailure } from "@wharf/contracts";

/**
 * The send hold (WHARF_SEND_HOLD_MS): a send not on its way within the hold after the API
 * accepted it ends failed `send_timeout` and is never sent late, whatever held it (its worker
 * died with the command, no owner came, the session stayed down).
 */
export const SEND_TIMEOUT: MessageFailure = {
  code: "send_timeout",
  message: "not sent within the hold after it was accepted (the session had no working owner in time); not sent later",
};

/** epoch ms from which a send accepted at `at` (ISO) may no longer go out */
export function holdEndsAt(at: string, holdMs: number): number {
  return Date.parse(at) + holdMs;
}

/** true once a send accepted at `at` (ISO) may no longer go out */
export function pastHold(at: string, holdMs: number, now: Date): boolean {
  return now.getTime() >= holdEndsAt(at, holdMs);
}
