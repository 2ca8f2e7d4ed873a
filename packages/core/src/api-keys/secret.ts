import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Secrets look like `wharf_sk_<43 base64url chars>` (256 bits of randomness). */
export const API_KEY_PREFIX = "wharf_sk_";
/** How much of the secret is shown in lists to tell keys apart. */
export const VISIBLE_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

export function generateApiKeySecret(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function visiblePrefix(secret: string): string {
  return secret.slice(0, VISIBLE_PREFIX_LENGTH);
}

/** Constant-time comparison of two hex digests (equal length by construction). */
export function hashesEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, "hex");
  const bb = Buffer.from(b, "hex");
  return ba.length === bb.length && ba.length > 0 && timingSafeEqual(ba, bb);
}

/** Shape check before any lookup, so garbage never reaches the store. */
export function looksLikeApiKey(secret: string): boolean {
  return /^wharf_sk_[A-Za-z0-9_-]{43}$/.test(secret);
}
