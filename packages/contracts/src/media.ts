import { z } from "zod";
import { MediaId } from "./ids";

/** The kinds of message that carry a file. */
export const MEDIA_KINDS = ["image", "video", "audio", "document", "sticker"] as const;
export const MediaKind = z.enum(MEDIA_KINDS);
export type MediaKind = z.infer<typeof MediaKind>;

const KB = 1024;
const MB = 1024 * KB;

/**
 * WhatsApp's size limits per kind (Cloud API "supported media types"): images 5 MB, audio and
 * video 16 MB, documents 100 MB, stickers 500 KB (animated; static ones are 100 KB, but the
 * upload cannot tell which). A larger upload is refused with 413 before a byte is stored.
 */
export const MEDIA_SIZE_LIMITS: Readonly<Record<MediaKind, number>> = {
  image: 5 * MB,
  video: 16 * MB,
  audio: 16 * MB,
  document: 100 * MB,
  sticker: 500 * KB,
};

/**
 * The mimetypes WhatsApp plays or shows for each kind (parameters such as `; codecs=opus` are
 * ignored when comparing). Documents take any type: WhatsApp delivers any file as a document.
 */
export const MEDIA_MIMETYPES: Readonly<Record<MediaKind, readonly string[] | "any">> = {
  image: ["image/jpeg", "image/png"],
  video: ["video/mp4", "video/3gpp"],
  audio: ["audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"],
  document: "any",
  sticker: ["image/webp"],
};

/** `type/subtype` with optional parameters, as in a Content-Type header. */
export const Mimetype = z
  .string()
  .trim()
  .max(255)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;.*)?$/i, {
    message: "a mimetype such as image/jpeg",
  });

/** `Audio/OGG; codecs=opus` → `audio/ogg`. */
export function baseMimetype(mimetype: string): string {
  return (mimetype.split(";")[0] ?? "").trim().toLowerCase();
}

export function isMimetypeAllowed(kind: MediaKind, mimetype: string): boolean {
  const allowed = MEDIA_MIMETYPES[kind];
  return allowed === "any" || allowed.includes(baseMimetype(mimetype));
}

export const MediaFileName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((s) => ![...s].some((ch) => ch === "/" || ch === "\\" || ch.charCodeAt(0) < 0x20), {
    message: "a file name without slashes or control characters",
  });

/** `POST /v1/media`: declare what will be uploaded; the presigned PUT is bound to it. */
export const CreateMediaUploadBody = z
  .object({
    type: MediaKind,
    mimetype: Mimetype,
    /** bytes; the upload must be exactly this long */
    size: z.number().int().positive(),
    fileName: MediaFileName.optional(),
  })
  .strict();
export type CreateMediaUploadBody = z.infer<typeof CreateMediaUploadBody>;

/**
 * The answer: PUT the bytes to `uploadUrl` with `headers` (Content-Type as declared; the
 * client's Content-Length must equal the declared size) before `expiresAt`, then send a
 * message naming `mediaId`. The id stays usable until the bucket's lifecycle removes the file.
 */
export const MediaUpload = z.object({
  mediaId: MediaId,
  uploadUrl: z.string().url(),
  method: z.literal("PUT"),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.string().datetime(),
});
export type MediaUpload = z.infer<typeof MediaUpload>;

/**
 * What is known about a file of a message. Every field is optional: producers fill what they
 * know. `storageKey` is where the bytes live in the media bucket (never shown by the API);
 * the API shows `downloadUrl`, a presigned GET valid until `expiresAt`, in its place.
 */
export const MediaDescriptor = z
  .object({
    mimetype: z.string().max(255).nullable().optional(),
    size: z.number().int().nonnegative().nullable().optional(),
    /** SHA-256 of the plain bytes, base64 (as WhatsApp gives it) */
    sha256: z.string().max(128).nullable().optional(),
    durationSeconds: z.number().int().nonnegative().nullable().optional(),
    width: z.number().int().nonnegative().nullable().optional(),
    height: z.number().int().nonnegative().nullable().optional(),
    fileName: z.string().max(1024).nullable().optional(),
    storageKey: z.string().max(1024).optional(),
    downloadUrl: z.string().url().optional(),
    expiresAt: z.string().datetime().optional(),
    /** why the bytes could not be stored (e.g. download_failed, too_large); absent when stored */
    unavailableReason: z.string().max(64).optional(),
  })
  .strict();
export type MediaDescriptor = z.infer<typeof MediaDescriptor>;
