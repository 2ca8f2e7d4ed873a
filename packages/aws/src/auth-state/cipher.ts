import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { AuthStateDecryptError } from "./errors";

/**
 * AES-256-GCM for auth state at rest. Each item stores the id of the key that sealed it, so
 * keys can rotate: new writes use the current key, reads accept the current and previous
 * keys, and an item moves to the new key the next time it is written.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const AUTH_STATE_KEY_BYTES = 32;

/** A key's id is a fingerprint of the key itself: nothing to configure, nothing to get wrong. */
export function authStateKeyId(key: Buffer): string {
  return `k_${createHash("sha256").update("wharf/auth-state-key-id\0").update(key).digest("hex").slice(0, 16)}`;
}

export interface SealedValue {
  /** id of the key that sealed it */
  kid: string;
  /** iv ‖ tag ‖ ciphertext */
  blob: Buffer;
}

export class AuthStateKeyring {
  readonly currentId: string;
  private readonly keys = new Map<string, Buffer>();

  /** `current` seals every write; `previous` keys only open items sealed before a rotation. */
  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    for (const key of [current, ...previous]) {
      if (key.length !== AUTH_STATE_KEY_BYTES)
        throw new Error(`auth-state keys are ${AUTH_STATE_KEY_BYTES} bytes, got ${key.length}`);
      this.keys.set(authStateKeyId(key), Buffer.from(key));
    }
    this.currentId = authStateKeyId(current);
  }

  /** `aad` binds the ciphertext to where it is stored, so items cannot be swapped around. */
  seal(plaintext: Buffer, aad: string): SealedValue {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.keys.get(this.currentId)!, iv);
    cipher.setAAD(Buffer.from(aad, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { kid: this.currentId, blob: Buffer.concat([iv, cipher.getAuthTag(), body]) };
  }

  open(sealed: SealedValue, aad: string): Buffer {
    const key = this.keys.get(sealed.kid);
    if (!key)
      throw new AuthStateDecryptError(`auth state was sealed with key ${sealed.kid}, which this process does not have`);
    if (sealed.blob.length < IV_BYTES + TAG_BYTES) throw new AuthStateDecryptError("auth state item is truncated");
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, sealed.blob.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(aad, "utf8"));
      decipher.setAuthTag(sealed.blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(sealed.blob.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch (err) {
      throw new AuthStateDecryptError(
        "auth state item failed authentication (wrong key, or tampered / moved item)",
        err,
      );
    }
  }

  has(kid: string): boolean {
    return this.keys.has(kid);
  }
}
