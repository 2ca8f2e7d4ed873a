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
import type { ByteStream, MediaObjects } from "@wharf/core";

/** What a media send needs besides the socket: the bucket and a guarded fetch for URLs. */
export interface OutboundMediaDeps {
  /** null: this worker has no media bucket configured */
  objects: MediaObjects | null;
  /** calls to user-supplied URLs through the SSRF guard (the same pinned client as webhooks) */
  http: PinnedHttp;
  /** one deadline for a whole URL download */
  urlTimeoutMs: number;
}

/**
 * The file, ready for Baileys: always a stream (bucket object or URL body), never held whole.
 * Reading it fails with a MediaSourceError once it passes its limit or breaks off.
 */
export interface ResolvedMedia {
  data: { stream: Readable };
  mimetype: string;
  /** the declared length; null when a URL did not say */
  size: number | null;
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
const tooLarge = (kind: MediaKind) =>
  new MediaSourceError("media_too_large", `a ${kind} may be at most ${mb(MEDIA_SIZE_LIMITS[kind])}`);

function checkFile(kind: MediaKind, size: number, mimetype: string): void {
  if (size > MEDIA_SIZE_LIMITS[kind]) throw tooLarge(kind);
  if (!isMimetypeAllowed(kind, mimetype))
    throw new MediaSourceError(
      "unsupported_media_type",
      `WhatsApp does not take ${baseMimetype(mimetype)} as a ${kind}`,
    );
}

const CHUNK_BYTES = 256 * 1024;

/**
 * The bytes of `source` as they arrive, counted: past `limit` (or, with `exact`, short of it
 * at the end) reading fails with a MediaSourceError, so an oversize file is refused at the
 * byte that crosses the limit instead of after it was held whole. Other failures of the
 * source become `broken`'s error. Destroying the result destroys the source.
 */
function guarded(
  source: ByteStream,
  limit: number,
  over: () => MediaSourceError,
  broken: (err: unknown) => MediaSourceError,
  exact?: () => MediaSourceError,
): Readable {
  async function* counted() {
    let size = 0;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    try {
      for await (const chunk of source) {
        size += chunk.length;
        if (size > limit) throw over();
        pending.push(chunk);
        pendingBytes += chunk.length;
        // socket reads are ~16-64 KB; Baileys writes each chunk to two temp files, so fewer,
        // larger chunks save thousands of small fs writes per second at 20 sends/s
        if (pendingBytes >= CHUNK_BYTES) {
          yield Buffer.concat(pending);
          pending = [];
          pendingBytes = 0;
        }
      }
    } catch (err) {
      throw err instanceof MediaSourceError ? err : broken(err);
    } finally {
      source.destroy();
    }
    if (exact && size !== limit) throw exact();
    if (pendingBytes > 0) yield Buffer.concat(pending);
  }
  return Readable.from(counted(), { objectMode: false });
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
    const notDeclared = () =>
      new MediaSourceError("media_not_found", "the uploaded file does not have the declared size");
    if (object.size !== source.size) {
      object.body.destroy();
      throw notDeclared();
    }
    const stream = guarded(
      object.body,
      source.size,
      notDeclared,
      (err) => new MediaSourceError("media_unavailable", `the file could not be read: ${(err as Error).message}`),
      notDeclared,
    );
    return { data: { stream }, mimetype: source.mimetype, size: object.size };
  }
  return fetchUrl(deps, kind, source.url);
}

async function fetchUrl(deps: OutboundMediaDeps, kind: MediaKind, url: string): Promise<ResolvedMedia> {
  if (!url.toLowerCase().startsWith("https://"))
    throw new MediaSourceError("media_url_refused", "media URLs must use https");
  const failed = (why: string) =>
    new MediaSourceError("media_url_failed", `the media URL could not be downloaded: ${why}`);
  let res: Awaited<ReturnType<PinnedHttp["stream"]>>;
  try {
    res = await deps.http.stream(url, { method: "GET", timeoutMs: deps.urlTimeoutMs });
  } catch (err) {
    if (err instanceof OutboundRequestError && err.code === "blocked_address")
      throw new MediaSourceError("media_url_refused", `the media URL was refused: ${err.message}`);
    throw failed(err instanceof OutboundRequestError ? err.message : "the download failed");
  }
  const declared = Number(res.headers["content-length"]);
  const size = res.headers["content-length"] !== undefined && Number.isFinite(declared) ? declared : null;
  const header = res.headers["content-type"];
  const mimetype =
    (Array.isArray(header) ? header[0] : header) || (kind === "document" ? "application/octet-stream" : "");
  try {
    if (res.status !== 200)
      throw new MediaSourceError("media_url_failed", `the media URL answered HTTP ${res.status}, not 200`);
    if (size !== null && size > MEDIA_SIZE_LIMITS[kind]) throw tooLarge(kind);
    if (!mimetype)
      throw new MediaSourceError("unsupported_media_type", "the media URL did not say what type the file is");
    checkFile(kind, size ?? 0, mimetype);
  } catch (err) {
    res.body.destroy();
    throw err;
  }
  // the body is checked as it streams: a server may send more than its Content-Length said
  const stream = guarded(
    res.body,
    MEDIA_SIZE_LIMITS[kind],
    () => tooLarge(kind),
    (err) => failed(err instanceof OutboundRequestError ? err.message : "the download broke off"),
  );
  return { data: { stream }, mimetype, size };
}
