import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Checks an S3 presigned URL (SigV4 query auth) the way S3 does, for the local S3 front:
 * fauxqs ignores signatures, so without this a local upload could ignore the declared type,
 * size or expiry that S3 enforces on AWS.
 */

export interface PresignedRequest {
  method: string;
  /** the path as it arrived (still percent-encoded: S3 signs it as sent) */
  rawPath: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

export type PresignedCheck =
  | { ok: true }
  | {
      ok: false;
      status: 403 | 400;
      code: "SignatureDoesNotMatch" | "AccessDenied" | "AuthorizationQueryParametersError";
      message: string;
    };

export function isPresigned(query: URLSearchParams): boolean {
  return query.has("X-Amz-Signature");
}

export function checkPresigned(
  req: PresignedRequest,
  credentials: { accessKeyId: string; secretAccessKey: string },
  now: Date,
): PresignedCheck {
  const q = req.query;
  const signature = q.get("X-Amz-Signature") ?? "";
  const amzDate = q.get("X-Amz-Date") ?? "";
  const expires = Number(q.get("X-Amz-Expires") ?? "");
  const credential = q.get("X-Amz-Credential") ?? "";
  const signedHeaders = q.get("X-Amz-SignedHeaders") ?? "";
  const [accessKeyId, ...scopeParts] = credential.split("/");
  const signedAt = parseAmzDate(amzDate);
  if (
    q.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256" ||
    !signedAt ||
    !Number.isFinite(expires) ||
    scopeParts.length !== 4
  )
    return { ok: false, status: 400, code: "AuthorizationQueryParametersError", message: "malformed presigned URL" };
  if (accessKeyId !== credentials.accessKeyId)
    return { ok: false, status: 403, code: "AccessDenied", message: "unknown access key" };
  if (now.getTime() > signedAt.getTime() + expires * 1000)
    return { ok: false, status: 403, code: "AccessDenied", message: "Request has expired" };

  const headerNames = signedHeaders.split(";").filter(Boolean);
  const canonicalHeaders = headerNames.map((name) => `${name}:${headerValue(req.headers[name])}\n`).join("");
  const canonicalQuery = [...q.entries()]
    .filter(([key]) => key !== "X-Amz-Signature")
    .map(([key, value]) => [uriEscape(key), uriEscape(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const canonicalRequest = [
    req.method,
    req.rawPath,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    q.get("X-Amz-Content-Sha256") ?? "UNSIGNED-PAYLOAD",
  ].join("\n");
  const scope = scopeParts.join("/");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, scopeParts[0] ?? "");
  for (const part of scopeParts.slice(1)) key = hmac(key, part);
  const expected = Buffer.from(hmac(key, stringToSign).toString("hex"));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return {
      ok: false,
      status: 403,
      code: "SignatureDoesNotMatch",
      message: "The request signature does not match (another content type or length than declared?)",
    };
  return { ok: true };
}

function headerValue(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value.join(",") : (value ?? "");
  return v.trim().replace(/\s+/g, " ");
}

/** RFC 3986 escaping as SigV4 wants it (encodeURIComponent leaves !'()* alone) */
function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function parseAmzDate(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}
