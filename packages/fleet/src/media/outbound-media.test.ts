import { Readable } from "node:stream";
import { createPinnedHttp, type PinnedHttp } from "@wharf/aws";
import { InMemoryMediaObjects } from "@wharf/core/testing";
import { describe, expect, it } from "vitest";
import { MediaSourceError, resolveMediaSource, type OutboundMediaDeps } from "./outbound-media";

/** A URL answering with `body` (a Buffer, or chunks read one by one as the worker pulls them). */
const answering = (
  status: number,
  body: Buffer | (() => AsyncIterable<Buffer>),
  headers: Record<string, string>,
): PinnedHttp => ({
  request: async () => ({ status, body: Buffer.isBuffer(body) ? body : Buffer.alloc(0), headers }),
  stream: async () => ({ status, headers, body: Readable.from(Buffer.isBuffer(body) ? [body] : body()) }),
});

async function readAll(media: { data: { stream: Readable } }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of media.data.stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const deps = (over: Partial<OutboundMediaDeps> = {}): OutboundMediaDeps => ({
  objects: new InMemoryMediaObjects(),
  http: createPinnedHttp({ allowPrivateTargets: false }),
  urlTimeoutMs: 2_000,
  ...over,
});

const code = async (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (e instanceof MediaSourceError ? e.code : String(e)),
  );

describe("opening the file a media send names", () => {
  it("streams an upload out of the bucket with its declared type", async () => {
    const objects = new InMemoryMediaObjects();
    await objects.put("k", Buffer.from("png-bytes"), "image/png");
    const media = await resolveMediaSource(deps({ objects }), "image", {
      kind: "upload",
      mediaId: "med_01J00000000000000000000000",
      key: "k",
      mimetype: "image/png",
      size: 9,
    });
    expect(media).toMatchObject({ mimetype: "image/png", size: 9 });
    expect("stream" in media.data).toBe(true);
  });

  it("refuses a missing upload, a size other than declared, an oversize or wrong-type file, and no bucket", async () => {
    const objects = new InMemoryMediaObjects();
    await objects.put("k", Buffer.from("abc"), "image/png");
    const up = { kind: "upload" as const, mediaId: "med_01J00000000000000000000000", mimetype: "image/png" };
    expect(await code(resolveMediaSource(deps({ objects }), "image", { ...up, key: "none", size: 3 }))).toBe(
      "media_not_found",
    );
    expect(await code(resolveMediaSource(deps({ objects }), "image", { ...up, key: "k", size: 4 }))).toBe(
      "media_not_found",
    );
    expect(await code(resolveMediaSource(deps({ objects }), "image", { ...up, key: "k", size: 6_000_000 }))).toBe(
      "media_too_large",
    );
    expect(
      await code(resolveMediaSource(deps({ objects }), "sticker", { ...up, key: "k", size: 3, mimetype: "image/png" })),
    ).toBe("unsupported_media_type");
    expect(await code(resolveMediaSource(deps({ objects: null }), "image", { ...up, key: "k", size: 3 }))).toBe(
      "media_unavailable",
    );
  });

  it("refuses URLs to private or loopback addresses (the webhooks' SSRF guard) and plain http", async () => {
    for (const url of ["https://127.0.0.1/a.png", "https://10.0.0.8/a.png", "https://[::1]/a.png"])
      expect(await code(resolveMediaSource(deps(), "image", { kind: "url", url }))).toBe("media_url_refused");
    expect(await code(resolveMediaSource(deps(), "image", { kind: "url", url: "http://example.com/a.png" }))).toBe(
      "media_url_refused",
    );
  });

  it("takes a URL's bytes and type, and refuses a non-200, an oversize body or a type the kind does not take", async () => {
    const url = { kind: "url" as const, url: "https://files.example/a" };
    const ok = await resolveMediaSource(
      deps({ http: answering(200, Buffer.from("%PDF"), { "content-type": "application/pdf" }) }),
      "document",
      url,
    );
    expect(ok).toMatchObject({ mimetype: "application/pdf", size: null });
    expect((await readAll(ok)).toString()).toBe("%PDF");
    expect(await code(resolveMediaSource(deps({ http: answering(404, Buffer.alloc(0), {}) }), "document", url))).toBe(
      "media_url_failed",
    );
    const declaredBig = answering(200, Buffer.alloc(0), { "content-type": "image/jpeg", "content-length": "6000000" });
    expect(await code(resolveMediaSource(deps({ http: declaredBig }), "image", url))).toBe("media_too_large");
    const html = answering(200, Buffer.from("<html>"), { "content-type": "text/html" });
    expect(await code(resolveMediaSource(deps({ http: html }), "image", url))).toBe("unsupported_media_type");
  });

  it("fails an oversize URL body at the byte past the limit, without reading the rest", async () => {
    let pulled = 0;
    // 1 MB chunks, endless: a worker that held the whole body before checking would never finish
    const endless = answering(
      200,
      async function* () {
        for (;;) {
          pulled++;
          yield Buffer.alloc(1024 * 1024);
        }
      },
      { "content-type": "image/jpeg" },
    );
    const media = await resolveMediaSource(deps({ http: endless }), "image", {
      kind: "url",
      url: "https://f.example/a",
    });
    expect(await code(readAll(media))).toBe("media_too_large");
    // 5 MB image limit: the sixth chunk crosses it (Readable.from may read one ahead)
    expect(pulled).toBeLessThanOrEqual(8);
  });

  it("fails an upload whose stream ends short of its declared size", async () => {
    const objects = new InMemoryMediaObjects();
    await objects.put("k", Buffer.from("abcdef"), "image/png");
    const short = {
      getStream: async () => ({
        body: Object.assign(Readable.from([Buffer.from("abc")]), {}),
        size: 6,
        contentType: "image/png",
      }),
      put: objects.put.bind(objects),
    };
    const media = await resolveMediaSource(deps({ objects: short }), "image", {
      kind: "upload",
      mediaId: "med_01J00000000000000000000000",
      key: "k",
      mimetype: "image/png",
      size: 6,
    });
    expect(await code(readAll(media))).toBe("media_not_found");
  });
});
