import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type { SecretBox } from "@wharf/core";

/** v2 binds the endpoint id as AAD; v1 (no AAD) is only opened, to re-seal old rows. */
const VERSION = "v2";
const LEGACY_VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The additional data of a v2 secret: a row's secret cannot be opened under another endpoint's id. */
const aadFor = (endpointId: string) => Buffer.from(`wharf/webhook-secret\0${endpointId}`, "utf8");

/** True for secrets sealed before they were bound to their endpoint (re-sealed on read, see reseal.ts). */
export function isLegacySealed(sealed: string): boolean {
  return sealed.startsWith(`${LEGACY_VERSION}.`);
}

/**
 * AES-256-GCM sealing of webhook signing secrets at rest. Sealed form:
 * `v2.<base64url(iv ‖ tag ‖ ciphertext)>` with the endpoint id as AAD; a tampered value, or
 * one copied to another endpoint's row, fails to open.
 */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new RangeError("the webhook secret key must be 32 bytes");
  return {
    seal(plain, boundTo) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(aadFor(boundTo));
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
    },
    open(sealed, boundTo) {
      const [version, data] = sealed.split(".", 2);
      if ((version !== VERSION && version !== LEGACY_VERSION) || !data) throw new Error("not a sealed webhook secret");
      const raw = Buffer.from(data, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
      if (version === VERSION) decipher.setAAD(aadFor(boundTo));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    },
  };
}

/**
 * The sealing key: WHARF_WEBHOOK_SECRETS_KEY when set, else derived from the token key with
 * HKDF under its own label, so one secret serves both without the two uses ever colliding.
 */
export function webhookSecretKey(opts: { explicit: Buffer | null; tokenKey: string | null }): Buffer {
  if (opts.explicit) return opts.explicit;
  if (!opts.tokenKey) throw new Error("webhook secrets need WHARF_WEBHOOK_SECRETS_KEY or WHARF_TOKEN_KEY");
  return Buffer.from(hkdfSync("sha256", opts.tokenKey, "wharf", "webhook-secrets/v1", 32));
}
