import { type OperationPending, operationErrorCode } from "@wharf/contracts";
import { type Api, isPending } from "./endpoints";
import { ApiError, describeError, isApiError } from "./http";

export const STILL_WAITING = "WhatsApp has not answered yet. Try again in a moment.";

export interface SettleOptions {
  /** Called once when the first answer is a 202, so the UI can say "still waiting". */
  onWaiting?: () => void;
  intervalMs?: number;
  attempts?: number;
}

/**
 * Resolves a session operation's answer: the result itself, or — after a 202 — the result of
 * polling `GET …/operations/{id}` until it settles. A failed operation rejects with its code;
 * one still pending after the last poll rejects with STILL_WAITING.
 */
export async function settle<T extends object>(
  api: Api,
  sessionId: string,
  answer: Promise<T | OperationPending>,
  { onWaiting, intervalMs = 1500, attempts = 20 }: SettleOptions = {},
): Promise<T> {
  const first = await answer;
  if (!isPending(first)) return first as T;
  onWaiting?.();
  for (let i = 0; i < attempts; i++) {
    await new Promise((r) => setTimeout(r, intervalMs));
    const op = await api.operations.get(sessionId, first.operationId);
    if (op.status === "succeeded") return op.result as T;
    if (op.status === "failed") {
      const code = op.failure?.code ?? "operation_failed";
      throw new ApiError(409, operationErrorCode(code), op.failure?.message ?? "WhatsApp refused it", [
        { path: "operation", message: code, code },
      ]);
    }
  }
  throw new Error(STILL_WAITING);
}

/** WhatsApp's words (the owner's machine codes) in plain language. */
const OWNER_WORDS: Record<string, string> = {
  not_on_whatsapp: "That number is not on WhatsApp.",
  not_admin: "Only group admins can do that.",
  not_a_member: "This number is no longer in the group.",
  group_not_found: "WhatsApp does not know this group.",
  invite_invalid: "This invite link is not valid any more: it was reset by an admin, or it is mistyped.",
  not_a_contact: "That is a group, not a contact.",
  session_not_open: "The session is not connected to WhatsApp right now.",
  operation_timeout: "WhatsApp did not answer in time. Try again.",
};

/** A readable message for a failed operation: the owner's code when there is one, else the API's. */
export function operationError(err: unknown): string {
  if (isApiError(err)) {
    const word = err.details.find((d) => d.code && OWNER_WORDS[d.code])?.code;
    if (word) return OWNER_WORDS[word]!;
    if (err.message in OWNER_WORDS) return OWNER_WORDS[err.message]!;
  }
  return describeError(err);
}
