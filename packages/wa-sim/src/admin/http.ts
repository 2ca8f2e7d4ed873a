import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { z } from "zod";
import type { SimulatorApi } from "../api";
import { SimError } from "../errors";
import { adminRoutes, type Route } from "./routes";

// media a contact sends arrives base64-encoded in the body
const MAX_BODY = 32 * 1024 * 1024;

class BodyError extends Error {}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BodyError("body too large");
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new BodyError("body is not valid JSON");
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

const errorBody = (code: string, message: string, details?: unknown) => ({
  error: { code, message, ...(details ? { details } : {}) },
});

/** The admin HTTP API: route, parse the body with the route's zod schema, call the API, map errors once. */
export function createAdminHandler(api: SimulatorApi, logger: Logger, routes: Route[] = adminRoutes): RequestListener {
  return (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://sim");
      const method = req.method ?? "GET";
      const matches = routes.map((r) => ({ r, m: r.pattern.exec(url.pathname) })).filter((x) => x.m);
      const match = matches.find((x) => x.r.method === method);
      if (!match) {
        if (matches.length) return send(res, 405, errorBody("method_not_allowed", `${method} not allowed here`));
        return send(res, 404, errorBody("not_found", `no admin route ${url.pathname}`));
      }
      try {
        const raw = method === "GET" || method === "DELETE" ? {} : await readJson(req);
        const body = match.r.body ? match.r.body.parse(raw) : raw;
        const params = (match.m!.groups ?? {}) as Record<string, string>;
        const { status, body: out } = await match.r.handle(api, params, body, url.searchParams);
        send(res, status, out);
      } catch (err) {
        if (err instanceof z.ZodError) {
          return send(
            res,
            400,
            errorBody(
              "invalid_body",
              "request body is invalid",
              err.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
            ),
          );
        }
        if (err instanceof BodyError) return send(res, 400, errorBody("invalid_body", err.message));
        if (err instanceof SimError) return send(res, err.httpStatus, errorBody(err.code, err.message, err.details));
        // The route pattern, not the path: paths carry (simulated) phone numbers.
        logger.error({ err, route: match.r.pattern.source }, "admin request failed");
        send(res, 500, errorBody("internal", "internal error"));
      }
    })();
  };
}
