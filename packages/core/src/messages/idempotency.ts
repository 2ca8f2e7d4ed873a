import { createHash } from "node:crypto";

/**
 * Idempotency-Key records (24 h): the first request with a key stores its ids up front and,
 * once done, its response; a repeat with the same key and body gets that response again and
 * never causes a second send. A crash between "pending" and "done" is resumed with the same
 * message and command ids, which the queue (dedup id) and the worker's command ledger
 * execute at most once.
 */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** a pending record younger than this belongs to a request still running */
export const IDEMPOTENCY_LOCK_MS = 30_000;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface IdempotencyRecord {
  tenantId: string;
  key: string;
  /** hash of what the request asked for; a different request under the same key is refused */
  fingerprint: string;
  state: "pending" | "done";
  messageId: string;
  commandId: string;
  response: StoredResponse | null;
  createdAt: string;
  lockedAt: string;
}

/** Stable hash of a request: same session and same body → same fingerprint. */
export function requestFingerprint(parts: unknown): string {
  return createHash("sha256").update(stableJson(parts)).digest("hex");
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}
