import { MEDIA_HKDF_KEY_MAPPING } from "@whiskeysockets/baileys";
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

/** The media kinds a chat message carries, as WhatsApp names their encryption keys. */
export type ChatMediaType = "image" | "video" | "audio" | "document" | "sticker";

export const CHAT_MEDIA_TYPES: readonly ChatMediaType[] = ["image", "video", "audio", "document", "sticker"];

const MAC_LENGTH = 10;

export interface MediaKeys {
  iv: Buffer;
  cipherKey: Buffer;
  macKey: Buffer;
}

/** HKDF-SHA256(mediaKey, info "WhatsApp <Type> Keys") → iv ‖ cipherKey ‖ macKey (the rest unused). */
export function mediaKeys(mediaKey: Uint8Array, type: ChatMediaType): MediaKeys {
  const info = `WhatsApp ${MEDIA_HKDF_KEY_MAPPING[type]} Keys`;
  const expanded = Buffer.from(hkdfSync("sha256", mediaKey, Buffer.alloc(0), info, 112));
  return { iv: expanded.subarray(0, 16), cipherKey: expanded.subarray(16, 48), macKey: expanded.subarray(48, 80) };
}

const sha256 = (data: Uint8Array): Buffer => createHash("sha256").update(data).digest();

export interface EncryptedMedia {
  mediaKey: Buffer;
  /** AES-256-CBC(file) ‖ first 10 bytes of HMAC-SHA256(macKey, iv ‖ ciphertext): what the media host stores. */
  encrypted: Buffer;
  fileSha256: Buffer;
  fileEncSha256: Buffer;
  fileLength: number;
}

/** Encrypts a file the way a WhatsApp client does before uploading it. */
export function encryptMedia(
  plaintext: Buffer,
  type: ChatMediaType,
  mediaKey: Buffer = randomBytes(32),
): EncryptedMedia {
  const { iv, cipherKey, macKey } = mediaKeys(mediaKey, type);
  const cipher = createCipheriv("aes-256-cbc", cipherKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const mac = createHmac("sha256", macKey).update(iv).update(ciphertext).digest().subarray(0, MAC_LENGTH);
  const encrypted = Buffer.concat([ciphertext, mac]);
  return {
    mediaKey,
    encrypted,
    fileSha256: sha256(plaintext),
    fileEncSha256: sha256(encrypted),
    fileLength: plaintext.length,
  };
}

export class MediaVerificationError extends Error {
  constructor(
    readonly reason: "enc_hash_mismatch" | "mac_mismatch" | "decrypt_failed" | "hash_mismatch" | "length_mismatch",
    message: string,
  ) {
    super(message);
    this.name = "MediaVerificationError";
  }
}

export interface MediaClaims {
  mediaKey: Uint8Array;
  fileEncSha256?: Uint8Array | null;
  fileSha256?: Uint8Array | null;
  fileLength?: number | null;
}

/**
 * What a receiving phone does with downloaded media: check fileEncSha256 over the downloaded
 * bytes, the MAC, decrypt with the mediaKey, then check fileSha256 and the length. Throws
 * MediaVerificationError naming the first check that failed.
 */
export function decryptAndVerify(encrypted: Buffer, type: ChatMediaType, claims: MediaClaims): Buffer {
  if (claims.fileEncSha256 && !sha256(encrypted).equals(Buffer.from(claims.fileEncSha256))) {
    throw new MediaVerificationError("enc_hash_mismatch", "downloaded bytes do not match fileEncSha256");
  }
  const { iv, cipherKey, macKey } = mediaKeys(claims.mediaKey, type);
  const ciphertext = encrypted.subarray(0, encrypted.length - MAC_LENGTH);
  const mac = encrypted.subarray(encrypted.length - MAC_LENGTH);
  const expected = createHmac("sha256", macKey).update(iv).update(ciphertext).digest().subarray(0, MAC_LENGTH);
  if (mac.length !== MAC_LENGTH || !timingSafeEqual(mac, expected)) {
    throw new MediaVerificationError("mac_mismatch", "media MAC does not verify with the mediaKey");
  }
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-cbc", cipherKey, iv);
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new MediaVerificationError("decrypt_failed", "media does not decrypt with the mediaKey");
  }
  if (claims.fileSha256 && !sha256(plaintext).equals(Buffer.from(claims.fileSha256))) {
    throw new MediaVerificationError("hash_mismatch", "decrypted bytes do not match fileSha256");
  }
  if (typeof claims.fileLength === "number" && claims.fileLength !== plaintext.length) {
    throw new MediaVerificationError("length_mismatch", "decrypted length differs from fileLength");
  }
  return plaintext;
}

/** base64url without padding: how the upload path names a file by its fileEncSha256. */
export const uploadToken = (fileEncSha256: Uint8Array): string => Buffer.from(fileEncSha256).toString("base64url");
