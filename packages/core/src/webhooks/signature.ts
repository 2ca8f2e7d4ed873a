import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures (DESIGN §5): `Wharf-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret,
 * t + "." + body)>`. During a secret rotation the sender signs with every active secret and
 * sends one v1 entry each; a receiver accepts if any entry matches any secret it holds.
 */
export const SIGNATURE_HEADER = "Wharf-Signature";
export const DEFAULT_TOLERANCE_SECONDS = 300;
/** headers longer than this are refused unparsed (no unbounded work on hostile input) */
const MAX_HEADER_LENGTH = 4096;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

export type WebhookBody = string | Uint8Array;

function hmacHex(secret: string, timestampSeconds: number, body: WebhookBody): string {
  const mac = createHmac("sha256", secret);
  mac.update(`${timestampSeconds}.`, "utf8");
  if (typeof body === "string") mac.update(body, "utf8");
  else mac.update(body);
  return mac.digest("hex");
}

/** The header value for `body` sent at `timestampSeconds`, signed with one or more secrets. */
export function signPayload(secret: string | readonly string[], body: WebhookBody, timestampSeconds: number): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError("timestampSeconds must be a non-negative integer (unix seconds)");
  }
  const secrets = typeof secret === "string" ? [secret] : secret;
  if (secrets.length === 0 || secrets.some((s) => s.length === 0))
    throw new RangeError("a webhook secret must not be empty");
  return [`t=${timestampSeconds}`, ...secrets.map((s) => `v1=${hmacHex(s, timestampSeconds, body)}`)].join(",");
}

export interface ParsedSignature {
  timestamp: number;
  /** lower-case hex digests of every v1 entry */
  signatures: string[];
}

/**
 * Parses a header; null when malformed: not `key=value` pairs, not exactly one integer `t`,
 * or no v1 entry that is a hex SHA-256. Unknown schemes (e.g. a future v2) are skipped.
 */
export function parseSignatureHeader(header: string): ParsedSignature | null {
  if (typeof header !== "string" || header.length === 0 || header.length > MAX_HEADER_LENGTH) return null;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === "v1") {
      const hex = value.toLowerCase();
      if (!HEX_SHA256.test(hex)) return null;
      signatures.push(hex);
    }
  }
  if (timestamp === null || signatures.length === 0) return null;
  return { timestamp, signatures };
}

export interface VerifyInput {
  /** the secret, or every secret currently accepted (receiver-side rotation) */
  secret: string | readonly string[];
  /** the raw request body exactly as received */
  body: WebhookBody;
  header: string | null | undefined;
  toleranceSeconds?: number;
  /** current time: a Date or epoch milliseconds (default: the system clock) */
  now?: Date | number;
}

/** True when the header is well formed, fresh (either direction) and matches a secret. */
export function verifySignature(input: VerifyInput): boolean {
  const parsed = input.header == null ? null : parseSignatureHeader(input.header);
  if (!parsed) return false;
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowMs = input.now === undefined ? Date.now() : typeof input.now === "number" ? input.now : input.now.getTime();
  if (Math.abs(Math.floor(nowMs / 1000) - parsed.timestamp) > tolerance) return false;

  const secrets = (typeof input.secret === "string" ? [input.secret] : input.secret).filter((s) => s.length > 0);
  let matched = false;
  // Compare every pair without stopping early, so timing does not reveal which one matched.
  for (const secret of secrets) {
    const expected = Buffer.from(hmacHex(secret, parsed.timestamp, input.body), "hex");
    for (const sig of parsed.signatures) {
      if (timingSafeEqual(expected, Buffer.from(sig, "hex"))) matched = true;
    }
  }
  return matched;
}

/** A new endpoint secret (`whsec_` + 32 random bytes), shown to the tenant once. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}
