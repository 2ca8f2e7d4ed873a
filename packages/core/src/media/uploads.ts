import {
  MEDIA_MIMETYPES,
  MEDIA_SIZE_LIMITS,
  baseMimetype,
  isMimetypeAllowed,
  type CreateMediaUploadBody,
  type MediaKind,
  type MediaUpload,
} from "@wharf/contracts";
import type { Clock } from "../clock";
import { NotFoundError, WharfError } from "../errors";
import { newId } from "../ids";
import type { BlobStore, MediaRecord, MediaStore } from "./ports";

/** How long a presigned upload URL works. */
export const UPLOAD_URL_TTL_SECONDS = 15 * 60;
/** How long a presigned download URL works. */
export const DOWNLOAD_URL_TTL_SECONDS = 60 * 60;
/** Upload records outlive the bucket's default lifecycle a little; a send checks the object anyway. */
export const MEDIA_RECORD_TTL_SECONDS = 31 * 24 * 60 * 60;

export interface MediaDeps {
  media: MediaStore;
  blobs: BlobStore;
  clock: Clock;
}

export function mediaKey(tenantId: string, mediaId: string): string {
  return `tenants/${tenantId}/media/${mediaId}`;
}

/** 413 with the kind's limit in the details. */
export function mediaTooLarge(kind: MediaKind, size: number, path: string): WharfError {
  const limit = MEDIA_SIZE_LIMITS[kind];
  return new WharfError("media_too_large", `a ${kind} may be at most ${limit} bytes; this one is ${size}`, {
    details: [{ path, message: `at most ${limit} bytes for ${kind}`, code: `max_bytes_${limit}` }],
  });
}

/** 415 naming the mimetypes the kind accepts. */
export function unsupportedMimetype(kind: MediaKind, mimetype: string, path: string): WharfError {
  const allowed = MEDIA_MIMETYPES[kind];
  const list = allowed === "any" ? "any" : allowed.join(", ");
  return new WharfError("unsupported_media_type", `${baseMimetype(mimetype)} cannot be sent as ${kind}`, {
    details: [{ path, message: `one of: ${list}`, code: "unsupported_mimetype" }],
  });
}

/**
 * `POST /v1/media`: checks the declared size and type against WhatsApp's limits for the kind,
 * records the upload and answers a presigned PUT bound to that type and length.
 */
export async function createMediaUpload(
  deps: MediaDeps,
  tenantId: string,
  body: CreateMediaUploadBody,
): Promise<MediaUpload> {
  if (body.size > MEDIA_SIZE_LIMITS[body.type]) throw mediaTooLarge(body.type, body.size, "body.size");
  if (!isMimetypeAllowed(body.type, body.mimetype))
    throw unsupportedMimetype(body.type, body.mimetype, "body.mimetype");
  const now = deps.clock.now();
  const id = newId("media", now.getTime());
  const expiresAt = new Date(now.getTime() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString();
  const record: MediaRecord = {
    id,
    tenantId,
    kind: body.type,
    mimetype: body.mimetype,
    size: body.size,
    fileName: body.fileName ?? null,
    key: mediaKey(tenantId, id),
    createdAt: now.toISOString(),
    uploadExpiresAt: expiresAt,
  };
  await deps.media.create(record, MEDIA_RECORD_TTL_SECONDS);
  const uploadUrl = await deps.blobs.presignPut(record.key, body.mimetype, body.size, UPLOAD_URL_TTL_SECONDS);
  return {
    mediaId: id as MediaUpload["mediaId"],
    uploadUrl,
    method: "PUT",
    headers: { "content-type": body.mimetype },
    expiresAt,
  };
}

/**
 * A media id named by a send: the tenant's own (else 404), of a kind that fits the message,
 * and uploaded completely with the declared size and type (else 422-style validation).
 */
export async function uploadedMedia(
  deps: MediaDeps,
  tenantId: string,
  mediaId: string,
  kind: MediaKind,
  path: string,
): Promise<MediaRecord> {
  const record = await deps.media.get(tenantId, mediaId);
  if (!record) throw new NotFoundError("media", mediaId);
  const problem = (message: string, code: string) =>
    new WharfError("validation_failed", message, { details: [{ path, message, code }] });
  if (record.size > MEDIA_SIZE_LIMITS[kind]) throw mediaTooLarge(kind, record.size, path);
  if (!isMimetypeAllowed(kind, record.mimetype)) throw unsupportedMimetype(kind, record.mimetype, path);
  const stored = await deps.blobs.head(record.key);
  if (!stored) throw problem("the file was not uploaded (PUT it to the uploadUrl first)", "media_not_uploaded");
  if (stored.size !== record.size)
    throw problem(`the uploaded file has ${stored.size} bytes, ${record.size} were declared`, "media_size_mismatch");
  if (stored.contentType !== null && baseMimetype(stored.contentType) !== baseMimetype(record.mimetype))
    throw problem("the uploaded file's content type differs from the declared one", "media_type_mismatch");
  return record;
}
