import { UnauthorizedError, newId, type VerifiedToken } from "@wharf/core";
import { sign, verify } from "hono/jwt";

/**
 * Short-lived realtime tokens (hono/jwt, HS256 with WHARF_TOKEN_KEY): the dashboard mints
 * one with its API key and presents it once, as `?token=` on the WebSocket $connect.
 */
export const TOKEN_ISSUER = "wharf";
export const TOKEN_AUDIENCE = "wharf-realtime";

export interface RealtimeClaims {
  tenantId: string;
  keyId: string | null;
  /** the minting key's scopes; null or absent: full access */
  scopes?: readonly string[] | null;
  /** the minting key's session limit; null or absent: every session */
  sessionIds?: readonly string[] | null;
}

const stringList = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((s) => typeof s === "string") ? (v as string[]) : null;

export async function mintRealtimeToken(
  key: string,
  claims: RealtimeClaims,
  now: Date,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ttlSeconds;
  const token = await sign(
    {
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      sub: claims.tenantId,
      kid: claims.keyId,
      // limits travel in the signed token; absent for full access (as in tokens minted before scopes)
      ...(claims.scopes ? { scp: [...claims.scopes] } : {}),
      ...(claims.sessionIds ? { sid: [...claims.sessionIds] } : {}),
      iat,
      nbf: iat,
      exp,
      jti: newId("event", now.getTime()).slice(4),
    },
    key,
    "HS256",
  );
  return { token, expiresAt: new Date(exp * 1000) };
}

/**
 * The claims of a valid token, with its id and expiry (one connection per token);
 * UnauthorizedError for anything forged, expired or malformed.
 */
export async function verifyRealtimeToken(key: string, token: string | undefined | null): Promise<VerifiedToken> {
  if (!token || token.length > 4096) throw new UnauthorizedError("missing realtime token");
  try {
    const payload = await verify(token, key, { alg: "HS256", iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE });
    if (typeof payload.sub !== "string" || !payload.sub.startsWith("ten_")) throw new Error("no tenant");
    if (typeof payload.jti !== "string" || typeof payload.exp !== "number") throw new Error("no id or expiry");
    // a limit that does not read as a list must never widen to full access
    if (payload.scp !== undefined && !stringList(payload.scp)) throw new Error("bad scopes");
    if (payload.sid !== undefined && !stringList(payload.sid)) throw new Error("bad sessions");
    return {
      tenantId: payload.sub,
      keyId: typeof payload.kid === "string" ? payload.kid : null,
      tokenId: payload.jti,
      expiresAt: new Date(payload.exp * 1000),
      ...(payload.scp !== undefined ? { scopes: stringList(payload.scp) } : {}),
      ...(payload.sid !== undefined ? { sessionIds: stringList(payload.sid) } : {}),
    };
  } catch {
    throw new UnauthorizedError("invalid or expired realtime token");
  }
}
