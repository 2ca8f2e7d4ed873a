import type { MediaKind } from "@wharf/contracts";

/** An upload a tenant announced with `POST /v1/media`; the bytes go straight to the bucket. */
export interface MediaRecord {
  id: string;
  tenantId: string;
  kind: MediaKind;
  /** as declared (the PUT's Content-Type is bound to it) */
  mimetype: string;
  /** declared size in bytes (the PUT's Content-Length is bound to it) */
  size: number;
  fileName: string | null;
  /** the object's key in the media bucket: tenants/<tenant>/media/<media id> */
  key: string;
  createdAt: string;
  /** when the presigned PUT stops working */
  uploadExpiresAt: string;
}

/** Upload records; tenant-scoped: another tenant's id reads as missing. */
export interface MediaStore {
  create(record: MediaRecord, ttlSeconds: number): Promise<void>;
  get(tenantId: string, mediaId: string): Promise<MediaRecord | null>;
}

export interface StoredObject {
  size: number;
  contentType: string | null;
}

/**
 * The media bucket, reached only through presigned URLs and metadata calls: bytes never pass
 * through the API. Adapter: S3 in packages/aws (fauxqs locally).
 */
export interface BlobStore {
  /** a PUT URL bound to this content type and length */
  presignPut(key: string, contentType: string, contentLength: number, expiresInSeconds: number): Promise<string>;
  presignGet(key: string, expiresInSeconds: number): Promise<string>;
  /** null when no object is stored under the key */
  head(key: string): Promise<StoredObject | null>;
}
