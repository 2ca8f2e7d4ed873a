import type { BlobStore, MediaRecord, MediaStore, StoredObject } from "../media/ports";

/** Upload records in memory, tenant-scoped like the DynamoDB adapter. */
export class InMemoryMediaStore implements MediaStore {
  readonly records = new Map<string, MediaRecord>();

  async create(record: MediaRecord): Promise<void> {
    this.records.set(`${record.tenantId}|${record.id}`, { ...record });
  }

  async get(tenantId: string, mediaId: string): Promise<MediaRecord | null> {
    const r = this.records.get(`${tenantId}|${mediaId}`);
    return r ? { ...r } : null;
  }
}

/**
 * A bucket in memory. URLs are fake (`memory://put/<key>`); tests "upload" with `put`, which
 * stands for the client's PUT to the presigned URL.
 */
export class InMemoryBlobStore implements BlobStore {
  readonly objects = new Map<string, StoredObject>();
  readonly presigned: Array<{ method: "PUT" | "GET"; key: string; contentType?: string; contentLength?: number }> = [];

  put(key: string, size: number, contentType: string | null): void {
    this.objects.set(key, { size, contentType });
  }

  async presignPut(key: string, contentType: string, contentLength: number, expiresInSeconds: number): Promise<string> {
    this.presigned.push({ method: "PUT", key, contentType, contentLength });
    return `https://blobs.invalid/put/${encodeURIComponent(key)}?expires=${expiresInSeconds}`;
  }

  async presignGet(key: string, expiresInSeconds: number): Promise<string> {
    this.presigned.push({ method: "GET", key });
    return `https://blobs.invalid/get/${encodeURIComponent(key)}?expires=${expiresInSeconds}`;
  }

  async head(key: string): Promise<StoredObject | null> {
    const o = this.objects.get(key);
    return o ? { ...o } : null;
  }
}
