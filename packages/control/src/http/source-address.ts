import type { Context } from "hono";

/** The shapes of `c.env` this reads: hono/aws-lambda (API Gateway) and @hono/node-server. */
interface BindingsLike {
  event?: { requestContext?: { http?: { sourceIp?: unknown }; identity?: { sourceIp?: unknown } } };
  incoming?: { socket?: { remoteAddress?: unknown } };
}

/**
 * The caller's address as the platform saw it: API Gateway's sourceIp on Lambda, the socket's
 * peer under the node server; null when the runtime does not say. Never a header: a client
 * could write X-Forwarded-For itself.
 */
export function sourceAddressOf(c: Context): string | null {
  const env = (c.env ?? {}) as BindingsLike;
  const candidates = [
    env.event?.requestContext?.http?.sourceIp,
    env.event?.requestContext?.identity?.sourceIp,
    env.incoming?.socket?.remoteAddress,
  ];
  for (const value of candidates) if (typeof value === "string" && value.length > 0 && value.length <= 64) return value;
  return null;
}
