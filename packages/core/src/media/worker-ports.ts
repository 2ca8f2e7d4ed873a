/**
 * The media bucket as a fleet worker sees it: it streams an uploaded file into Baileys' media
 * upload, and stores the files contacts send (downloaded and decrypted) under the session's
 * prefix. Bytes only; which keys exist is decided by control (uploads) and by mediaObjectKey.
 */
/** Bytes read as they arrive (a Node Readable in the adapters); destroy() lets go of it unread. */
export interface ByteStream extends AsyncIterable<Uint8Array> {
  destroy(): void;
}

export interface MediaObjects {
  /** The object's bytes as a stream with its stored length and type; null when it does not exist. */
  getStream(key: string): Promise<{ body: ByteStream; size: number; contentType: string | null } | null>;
  /**
   * Stores `body` under `key` (a new object, or the same bytes again: keys are never reused).
   * A stream is stored as it is read (multipart on S3); if it fails, nothing is stored.
   */
  put(key: string, body: Buffer | AsyncIterable<Uint8Array>, contentType: string): Promise<void>;
}

/** Where an inbound message's file lives: `tenants/<tenant>/sessions/<session>/media/<id>`. */
export function inboundMediaKey(tenantId: string, sessionId: string, id: string): string {
  return `tenants/${tenantId}/sessions/${sessionId}/media/${id}`;
}
