import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { AppEnv } from "../env";
import { pathForLogs } from "./log-path";

export const REQUEST_ID_HEADER = "x-request-id";

/** Accept a caller's id only if it is short and harmless to echo and log. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id (the caller's `x-request-id` if sane, else a new one), echoes it,
 * hangs a child logger carrying it on the context and writes one access line when done.
 * Only method, path, status and timing are logged: never headers, bodies or keys.
 */
export function requestContext(rootLogger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const presented = c.req.header(REQUEST_ID_HEADER);
    const requestId = presented && SAFE_REQUEST_ID.test(presented) ? presented : randomUUID();
    c.set("requestId", requestId);
    c.set("logger", rootLogger.child({ requestId }));
    const started = performance.now();
    await next();
    c.res.headers.set(REQUEST_ID_HEADER, requestId);
    // Read the logger again: tenant auth replaces it with one that also carries tenantId.
    c.get("logger").info(
      {
        method: c.req.method,
        path: pathForLogs(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        ...(c.get("errorCode") ? { code: c.get("errorCode") } : {}),
      },
      "request",
    );
  };
}
