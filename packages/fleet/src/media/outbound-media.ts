import { Readable } from "node:stream";
import { OutboundRequestError, type PinnedHttp } from "@wharf/aws";
import {
  baseMimetype,
  isMimetypeAllowed,
  MEDIA_SIZE_LIMITS,
  type MediaKind,
  type MediaSource,
  type MessageFailure,
} from "@wharf/contracts";
import type { MediaObjects } from "@wharf/core";

/** What a media send needs besides the socket: the bucket and a guarded fetch for URLs. */
export interface OutboundMediaDeps {
  /** null: this worker has no media bucket configured */
  objects: MediaObjects | null;
  /** calls to user-supplied URLs through the SSRF guard (the same pinned client as webhooks) */
  http: PinnedHttp;
  /** one deadline for a whole URL download */
  urlTimeoutMs: number;
}

/** The file, ready for Baileys: an upload streams out of the bucket, a URL's bytes are held. */
export interface ResolvedMedia {
  data: Buffer | { stream: Readable };
  mimetype: string;
  size: number;
}

/** A media send that cannot go out, with the reason it fails with. */
export class MediaSourceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  get failure(): MessageFailure {
    return { code: this.code, message: this.message };
  }
}

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

function checkFile(kind: MediaKind, size: number, mimetype: string): void {
  const limit = MEDIA_SIZE_LIMITS[kind];
  if (size > limit) throw new MediaSourceError("media_too_large", `a ${kind} may be at most ${mb(limit)}`);
  if (!isMimetypeAllowed(kind, mimetype))
    throw new MediaSourceError(
      "unsupported_media_type",
      `WhatsApp does not take ${baseMimetype(mimetype)} as a ${kind}`,
    );
}

/** Opens the file a send names, checking size and type against WhatsApp's limits for the kind. */
export async function resolveMediaSource(
  deps: OutboundMediaDeps,
  kind: MediaKind,
  source: MediaSource,
): Promise<ResolvedMedia> {
  if (source.kind === "upload") {
    if (!deps.objects) throw new MediaSourceError("media_unavailable", "this worker has no media bucket configured");
    checkFile(kind, source.size, source.mimetype);
    const object = await deps.objects.getStream(source.key);
    if (!object) throw new MediaSourceError("media_not_found", "the uploaded file is not in the media bucket");
    if (object.size !== source.size) {
      object.body.destroy();
      throw new MediaSourceError("media_not_found", "the uploaded file does not have the declared size");
    }
    const stream = object.body instanceof Readable ? object.body : Readable.from(object.body);
    return { data: { stream }, mimetype: source.mimetype, size: object.size };
  }
  return fetchUrl(deps, kind, source.url);
}

async function fetchUrl(deps: OutboundMediaDeps, kind: MediaKind, url: string): Promise<ResolvedMedia> {
  if (!url.toLowerCase().startsWith("https://"))
    throw new MediaSourceError("media_url_refused", "media URLs must use https");
  const limit = MEDIA_SIZE_LIMITS[kind];
  let res: Awaited<ReturnType<PinnedHttp["request"]>>;
  try {
    // one byte past the limit tells "too large" from "exactly the limit"
    res = await deps.http.request(url, { method: "GET", timeoutMs: deps.urlTimeoutMs, maxResponseBytes: limit + 1 });
  } catch (err) {
    if (err instanceof OutboundRequestError && err.code === "blocked_address")
      throw new MediaSourceError("media_url_refused", `the media URL was refused: ${err.message}`);
    const why = err instanceof OutboundRequestError ? err.message : "the download failed";
    throw new MediaSourceError("media_url_failed", `the media URL could not be downloaded: ${why}`);
  }
  if (res.status !== 200)
    throw new MediaSourceError("media_url_failed", `the media URL answered HTTP ${res.status}, not 200`);
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit)
    throw new MediaSourceError("media_too_large", `a ${kind} may be at most ${mb(limit)}`);
  const header = res.headers["content-type"];
  const mimetype =
    (Array.isArray(header) ? header[0] : header) || (kind === "document" ? "application/octet-stream" : "");
  if (!mimetype)
    throw new MediaSourceError("unsupported_media_type", "the media URL did not say what type the file is");
  checkFile(kind, res.body.length, mimetype);
  return { data: res.body, mimetype, size: res.body.length };
}
