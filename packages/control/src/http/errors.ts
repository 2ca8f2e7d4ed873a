import type { ErrorBody, ErrorCode, FieldIssue } from "@wharf/contracts";
import { QuotaExceededError, RateLimitedError, UnavailableError, isWharfError } from "@wharf/core";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../env";

/** The one mapping from a stable error code to an HTTP status. */
export const HTTP_STATUS_BY_CODE = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  invalid_state: 409,
  payload_too_large: 413,
  media_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  quota_exceeded: 429,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

/** Hono's own HTTPExceptions (malformed JSON, body limit, media type gate) mapped onto our codes. */
const CODE_BY_HONO_STATUS: Partial<Record<number, ErrorCode>> = {
  400: "validation_failed",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

export const WWW_AUTHENTICATE = 'Bearer realm="wharf"';

export interface HttpProblem {
  code: ErrorCode;
  message: string;
  details?: FieldIssue[] | undefined;
  headers?: Record<string, string>;
}

/** Writes the ErrorBody shape; every error response of the app goes through here. */
export function errorResponse(
  c: Context<AppEnv>,
  problem: HttpProblem,
  status: ContentfulStatusCode = HTTP_STATUS_BY_CODE[problem.code],
) {
  const body: ErrorBody = {
    error: {
      code: problem.code,
      message: problem.message,
      ...(problem.details && problem.details.length > 0 ? { details: problem.details } : {}),
      requestId: c.get("requestId"),
    },
  };
  c.set("errorCode", problem.code);
  const headers: Record<string, string> = { ...problem.headers };
  if (problem.code === "unauthorized") headers["WWW-Authenticate"] = WWW_AUTHENTICATE;
  return c.json(body, status, headers);
}

function honoProblem(err: HTTPException): HttpProblem | null {
  const code = CODE_BY_HONO_STATUS[err.status];
  if (!code) return null;
  switch (code) {
    case "payload_too_large":
      return { code, message: "request body is too large" };
    case "unsupported_media_type":
      return { code, message: "send the request body as application/json" };
    case "validation_failed":
      // Hono raises this for an unparsable JSON body; say where the problem is.
      return {
        code,
        message: err.message || "bad request",
        details: [{ path: "body", message: err.message || "invalid body", code: "invalid_json" }],
      };
    default:
      return { code, message: err.message || code };
  }
}

/** Classifies anything thrown into the public problem; null means "unexpected: 500". */
export function toProblem(err: unknown): HttpProblem | null {
  if (isWharfError(err)) {
    const headers: Record<string, string> = {};
    const retryAfter =
      err instanceof RateLimitedError || err instanceof QuotaExceededError || err instanceof UnavailableError
        ? err.retryAfterSeconds
        : null;
    if (retryAfter !== null) headers["Retry-After"] = String(Math.max(1, Math.ceil(retryAfter)));
    // An "internal" WharfError is still a bug or outage: keep its message out of the response.
    if (err.code === "internal") return null;
    return { code: err.code, message: err.message, details: err.details, headers };
  }
  if (err instanceof HTTPException) return honoProblem(err);
  return null;
}

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const problem = toProblem(err);
  if (problem) return errorResponse(c, problem);
  c.get("logger")?.error({ err }, "unhandled error");
  return errorResponse(c, { code: "internal", message: "internal error; quote the requestId when reporting it" });
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  errorResponse(c, { code: "route_not_found", message: `no route for ${c.req.method} ${c.req.path}` });

/** Known path, wrong method: 405 with Allow, still in the one error shape. */
export function methodNotAllowedResponse(c: Context<AppEnv>, allowed: string[]) {
  return errorResponse(
    c,
    {
      code: "method_not_allowed",
      message: `${c.req.method} is not allowed on ${c.req.path}; allowed: ${allowed.join(", ")}`,
      headers: { Allow: allowed.join(", ") },
    },
    405,
  );
}
