import type { ErrorCode } from "@wharf/contracts";
import { HTTP_STATUS_BY_CODE } from "./errors";

/** What each error code tells a client; the OpenAPI descriptions of error statuses are built from these. */
export const ERROR_CODE_MEANINGS: Record<ErrorCode, string> = {
  validation_failed: "invalid body, query, header or path parameter (see error.details)",
  unauthorized: "missing, malformed or unknown API key",
  forbidden: "the key is valid but may not use this route",
  not_found: "no such resource for this tenant",
  route_not_found: "no such route",
  method_not_allowed: "the route exists, the method does not (see Allow)",
  conflict: "a concurrent or earlier request got there first; retry with fresh data",
  invalid_state: "the resource's state does not allow this now (see error.details)",
  payload_too_large: "request body over the limit",
  media_too_large: "the file is over WhatsApp's size limit for its kind (the limit is in error.details)",
  unsupported_media_type: "body is not application/json, or the file's type is not one its message kind takes",
  rate_limited:
    "a request rate limit (the key's, the session's pacing, or failed authentications from this address) is exhausted; retry after Retry-After seconds",
  quota_exceeded: "the tenant is at a quota of its plan (named in error.details); delete something or change plan",
  unavailable: "a dependency (e.g. the command queue) is down; nothing was done, retry after Retry-After seconds",
  internal: "unexpected error; quote the requestId when reporting it",
};

/** Facts about an operation that decide which errors the app's middleware can answer it with. */
export interface OperationFacts {
  method: string;
  /** declares a JSON request body */
  hasBody: boolean;
  /** validates something of the request: path, query, headers or body */
  hasInput: boolean;
  /** behind an API key (admin or tenant) */
  authenticated: boolean;
  /** its path names a resource by id */
  namesResource: boolean;
}

/**
 * The error codes the app answers an operation with because of what it is, whatever its
 * handler does (handler-specific ones, e.g. conflict or rate_limited, the route declares):
 * the zod validators (400), requireTenant/requireAdmin (401/403), a lookup by path id (404),
 * the body limit that runs on every request that can carry a body (413), the media-type gate
 * of body routes (415) and onError's catch-all (500).
 */
export function impliedErrorCodes(f: OperationFacts): ErrorCode[] {
  const codes: ErrorCode[] = [];
  if (f.hasInput) codes.push("validation_failed");
  if (f.authenticated) codes.push("unauthorized", "forbidden");
  if (f.namesResource) codes.push("not_found");
  if (!["get", "head"].includes(f.method.toLowerCase())) codes.push("payload_too_large");
  if (f.hasBody) codes.push("unsupported_media_type");
  codes.push("internal");
  return codes;
}

const ERROR_SCHEMA_REF = { $ref: "#/components/schemas/Error" } as const;

export interface ErrorResponseObject {
  description: string;
  content: { "application/json": { schema: unknown } };
}

/** OpenAPI error responses for some codes, keyed by their status in the one mapping (codes sharing a status share an entry). */
export function errorResponsesForCodes<S>(codes: ErrorCode[], schema: S): Record<number, ErrorResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = HTTP_STATUS_BY_CODE[code];
    byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), code])]);
  }
  const out: Record<number, ErrorResponseObject> = {};
  for (const [status, list] of byStatus) {
    out[status] = {
      description: list.map((c) => `${c}: ${ERROR_CODE_MEANINGS[c]}`).join("; "),
      content: { "application/json": { schema } },
    };
  }
  return out;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

interface OperationLike {
  parameters?: Array<{ in?: string }>;
  requestBody?: unknown;
  security?: Array<Record<string, unknown>>;
  responses?: Record<string, unknown>;
}

/** Reads an operation's facts off its OpenAPI entry. */
export function operationFacts(method: string, op: OperationLike): OperationFacts {
  const params = op.parameters ?? [];
  return {
    method,
    hasBody: op.requestBody !== undefined,
    hasInput: params.length > 0 || op.requestBody !== undefined,
    authenticated: (op.security ?? []).some((s) => Object.keys(s).length > 0),
    namesResource: params.some((p) => p.in === "path"),
  };
}

/**
 * The OpenAPI document with every operation's implied error statuses added (a status the
 * route declares itself is kept as declared). The one place statuses are derived, so no
 * route hand-lists 400/401/403/404/413/415/500 and none can forget one.
 */
export function withImpliedErrorResponses<D extends { paths?: unknown }>(document: D): D {
  const doc = structuredClone(document);
  const paths = (doc.paths ?? {}) as Record<string, Record<string, OperationLike>>;
  for (const item of Object.values(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method)) continue;
      const implied = errorResponsesForCodes(impliedErrorCodes(operationFacts(method, op)), ERROR_SCHEMA_REF);
      op.responses ??= {};
      const responses = op.responses;
      for (const [status, response] of Object.entries(implied)) responses[status] ??= response;
    }
  }
  return doc;
}
