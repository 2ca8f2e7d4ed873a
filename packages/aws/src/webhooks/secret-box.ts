import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type { SecretBox } from "@wharf/core";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM sealing of webhook signing secrets at rest. Sealed form:
 * `v1.<base64url(iv ‖ tag ‖ ciphertext)>`; a tampered value fails to open.
 */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new RangeError("the webhook secret key must be 32 bytes");
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
    },
    open(sealed) {
      const [version, data] = sealed.split(".", 2);
      if (version !== VERSION || !data) throw new Error("not a sealed webhook secret");
      const raw = Buffer.from(data, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
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
