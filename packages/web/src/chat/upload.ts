import type { MediaKind, MediaUpload } from "../api/types";
import { MEDIA_SIZE_LIMITS, isMimetypeAllowed } from "../api/types";
import { formatBytes } from "./content/media-format";

/**
 * Which kind of message a file becomes: photos (JPEG/PNG), stickers (WebP), videos and audio
 * WhatsApp plays, and anything else as a document. A photo or video over its kind's limit
 * still goes as a document when it fits that limit (WhatsApp sends large files that way).
 */
export function mediaKindFor(file: { type: string; size: number }): MediaKind {
  const type = file.type || "application/octet-stream";
  const natural: MediaKind = isMimetypeAllowed("image", type)
    ? "image"
    : isMimetypeAllowed("sticker", type)
      ? "sticker"
      : isMimetypeAllowed("video", type)
        ? "video"
        : isMimetypeAllowed("audio", type)
          ? "audio"
          : "document";
  return file.size > MEDIA_SIZE_LIMITS[natural] ? "document" : natural;
}

/** Why a file cannot be sent, in words (checked before anything is uploaded); null when it can. */
export function fileProblem(file: { size: number; type: string }): string | null {
  if (file.size === 0) return "This file is empty.";
  const kind = mediaKindFor(file);
  const limit = MEDIA_SIZE_LIMITS[kind];
  if (file.size > limit)
    return `This file is ${formatBytes(file.size)}; WhatsApp takes files up to ${formatBytes(limit)}.`;
  return null;
}

/** Headers a browser refuses to set itself (it computes them). */
const BROWSER_HEADERS = new Set(["content-length", "host", "connection"]);

/**
 * PUTs the bytes to the presigned URL with XMLHttpRequest, whose upload progress events
 * fetch() does not offer. `onProgress` gets 0…1. Rejects with words on a network error or a
 * non-2xx answer (e.g. the link expired).
 */
export function putWithProgress(
  upload: Pick<MediaUpload, "uploadUrl" | "headers">,
  file: Blob,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", upload.uploadUrl);
    for (const [name, value] of Object.entries(upload.headers)) {
      if (!BROWSER_HEADERS.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new Error(`The upload was refused (${xhr.status}).`));
    };
    xhr.onerror = () => reject(new Error("The upload failed: the file storage could not be reached."));
    xhr.onabort = () => reject(new Error("The upload was cancelled."));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
