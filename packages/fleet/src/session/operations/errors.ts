/** A handler's own verdict: the op failed with this machine word (e.g. not_on_whatsapp). */
export class OperationFailedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "OperationFailedError";
  }
}

/** WhatsApp's error code on a Baileys Boom from an IQ (`<error code>` lands in `data`). */
export function waErrorCode(err: unknown): number | undefined {
  const data = (err as { data?: unknown } | null)?.data;
  return typeof data === "number" ? data : undefined;
}

const statusOf = (err: unknown): number | undefined =>
  (err as { output?: { statusCode?: number } } | null)?.output?.statusCode;

/**
 * Baileys errors → operation failure words. WhatsApp's IQ errors carry its code in `data`
 * (404 item-not-found, 401 not-authorized, 429 rate-overlimit); Baileys' own carry a status
 * (408 timed out, 428 connection closed). Anything else: whatsapp_refused with the message.
 */
export function operationFailureOf(err: unknown, isOpen: boolean): { code: string; message: string } {
  const message = (err as Error)?.message?.slice(0, 500) || "failed";
  if (err instanceof OperationFailedError) return { code: err.code, message };
  if (!isOpen || statusOf(err) === 428) return { code: "session_not_open", message: "the connection closed" };
  if (statusOf(err) === 408) return { code: "operation_timeout", message: "WhatsApp did not answer in time" };
  switch (waErrorCode(err)) {
    case 404:
      return { code: "not_found", message };
    case 401:
    case 403:
      return { code: "forbidden", message };
    case 429:
      return { code: "rate_limited", message };
    case 400:
      return { code: "invalid_params", message };
  }
  return { code: "whatsapp_refused", message };
}
