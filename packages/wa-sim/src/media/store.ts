import { randomBytes } from "node:crypto";

/** An encrypted file as the media host stores it. */
export interface StoredBlob {
  encrypted: Buffer;
  /** Upload path type (image, video, audio, document), as in `/mms/<type>/`. */
  pathType: string;
  /** Account whose client uploaded it; undefined for files the simulator's contacts sent. */
  uploadedBy: string | undefined;
  createdAt: number;
}

/** A file a simulated phone received, decrypted and checked (or why it was not). */
export interface ReceivedMediaFile {
  bytes: Buffer;
  mimetype: string | undefined;
}

export interface MediaStoreLimits {
  /** Largest single upload the host accepts (announced as maxContentLengthBytes). */
  maxUploadBytes: number;
  /** Bytes kept in memory over all stored files; the oldest go first beyond it. */
  maxStoredBytes: number;
  /** Lifetime of a media_conn auth token, in seconds (the IQ's ttl). */
  authTtlSeconds: number;
}

const MAX_RECEIVED_FILES = 500;

export const DEFAULT_MEDIA_LIMITS: MediaStoreLimits = {
  maxUploadBytes: 64 * 1024 * 1024,
  maxStoredBytes: 256 * 1024 * 1024,
  authTtlSeconds: 300,
};

/**
 * The media host's memory: encrypted files by direct path, upload auth tokens, and the plaintext
 * of files simulated phones downloaded and verified (for tests to read). Bounded by bytes.
 */
export class MediaStore {
  private readonly blobs = new Map<string, StoredBlob>();
  private readonly tokens = new Map<string, { accountId: string; expiresAt: number }>();
  private readonly received = new Map<string, ReceivedMediaFile>();
  private storedBytes = 0;

  constructor(readonly limits: MediaStoreLimits = DEFAULT_MEDIA_LIMITS) {}

  /** A fresh upload auth token for an account's client (one per media_conn query). */
  issueAuth(accountId: string, now = Date.now()): string {
    for (const [token, entry] of this.tokens) if (entry.expiresAt <= now) this.tokens.delete(token);
    const token = randomBytes(24).toString("base64url");
    this.tokens.set(token, { accountId, expiresAt: now + this.limits.authTtlSeconds * 1000 });
    return token;
  }

  /** The account an upload auth token belongs to, if it is known and not expired. */
  accountForAuth(token: string, now = Date.now()): string | undefined {
    const entry = this.tokens.get(token);
    return entry && entry.expiresAt > now ? entry.accountId : undefined;
  }

  /** Stores encrypted bytes and returns their direct path (`/v/t62.sim-<type>/<id>.enc`). */
  put(pathType: string, encrypted: Buffer, uploadedBy?: string): string {
    const directPath = `/v/t62.sim-${pathType}/${randomBytes(16).toString("hex")}.enc?ccb=11-4`;
    this.blobs.set(pathOnly(directPath), { encrypted, pathType, uploadedBy, createdAt: Date.now() });
    this.storedBytes += encrypted.length;
    this.evict();
    return directPath;
  }

  /** The stored file behind a direct path or full URL (query strings ignored). */
  get(pathOrUrl: string): StoredBlob | undefined {
    return this.blobs.get(pathOnly(pathOrUrl));
  }

  rememberReceived(accountId: string, messageId: string, file: ReceivedMediaFile): void {
    this.received.set(`${accountId}/${messageId}`, file);
    // plaintexts are for tests to read back; keep the latest few hundred
    if (this.received.size > MAX_RECEIVED_FILES) this.received.delete(this.received.keys().next().value!);
  }

  receivedFile(accountId: string, messageId: string): ReceivedMediaFile | undefined {
    return this.received.get(`${accountId}/${messageId}`);
  }

  get stats(): { files: number; bytes: number } {
    return { files: this.blobs.size, bytes: this.storedBytes };
  }

  private evict(): void {
    for (const [path, blob] of this.blobs) {
      if (this.storedBytes <= this.limits.maxStoredBytes) return;
      this.blobs.delete(path);
      this.storedBytes -= blob.encrypted.length;
    }
  }
}

/** `/v/…/x.enc` from a direct path or URL, without host or query. */
export function pathOnly(pathOrUrl: string): string {
  const path = /^https?:\/\//.test(pathOrUrl) ? new URL(pathOrUrl).pathname : pathOrUrl;
  return path.split("?")[0] ?? path;
}
