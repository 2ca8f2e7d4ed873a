import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { WharfError } from "../errors";
import { InMemoryBlobStore, InMemoryMediaStore } from "../testing/in-memory-media";
import { createMediaUpload, mediaKey, uploadedMedia } from "./uploads";

function setup() {
  const deps = {
    media: new InMemoryMediaStore(),
    blobs: new InMemoryBlobStore(),
    clock: fixedClock("2030-01-01T00:00:00Z"),
  };
  return deps;
}

async function codeOf(p: Promise<unknown>): Promise<{ code: string; details: unknown }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WharfError);
  return { code: (err as WharfError).code, details: (err as WharfError).details };
}

describe("media uploads", () => {
  it("record the declared file and presign a PUT bound to its type and length", async () => {
    const deps = setup();
    const up = await createMediaUpload(deps, "ten_A", {
      type: "document",
      mimetype: "application/pdf",
      size: 6_500_000,
    });
    expect(up.mediaId).toMatch(/^med_/);
    expect(up.expiresAt).toBe("2030-01-01T00:15:00.000Z");
    expect(up.headers).toEqual({ "content-type": "application/pdf" });
    expect(deps.blobs.presigned).toEqual([
      { method: "PUT", key: mediaKey("ten_A", up.mediaId), contentType: "application/pdf", contentLength: 6_500_000 },
    ]);
    expect(await deps.media.get("ten_A", up.mediaId)).toMatchObject({ kind: "document", size: 6_500_000 });
    expect(await deps.media.get("ten_B", up.mediaId)).toBeNull();
  });

  it("refuse a file over WhatsApp's limit with 413 and the limit, and a wrong type with 415", async () => {
    const deps = setup();
    const big = await codeOf(
      createMediaUpload(deps, "ten_A", { type: "image", mimetype: "image/jpeg", size: 5 * 1024 * 1024 + 1 }),
    );
    expect(big).toEqual({
      code: "media_too_large",
      details: [{ path: "body.size", message: "at most 5242880 bytes for image", code: "max_bytes_5242880" }],
    });
    const gif = await codeOf(createMediaUpload(deps, "ten_A", { type: "image", mimetype: "image/gif", size: 10 }));
    expect(gif.code).toBe("unsupported_media_type");
    expect(deps.media.records.size).toBe(0);
  });

  it("let a send use only a complete upload of the tenant's own, of a fitting kind", async () => {
    const deps = setup();
    const up = await createMediaUpload(deps, "ten_A", { type: "audio", mimetype: "audio/ogg; codecs=opus", size: 100 });
    const key = mediaKey("ten_A", up.mediaId);
    expect((await codeOf(uploadedMedia(deps, "ten_B", up.mediaId, "audio", "body.mediaId"))).code).toBe("not_found");
    const missing = await codeOf(uploadedMedia(deps, "ten_A", up.mediaId, "audio", "body.mediaId"));
    expect(missing).toMatchObject({ code: "validation_failed", details: [{ code: "media_not_uploaded" }] });
    deps.blobs.put(key, 99, "audio/ogg");
    const short = await codeOf(uploadedMedia(deps, "ten_A", up.mediaId, "audio", "body.mediaId"));
    expect(short).toMatchObject({ details: [{ code: "media_size_mismatch" }] });
    deps.blobs.put(key, 100, "image/png");
    const typed = await codeOf(uploadedMedia(deps, "ten_A", up.mediaId, "audio", "body.mediaId"));
    expect(typed).toMatchObject({ details: [{ code: "media_type_mismatch" }] });
    deps.blobs.put(key, 100, "audio/ogg; codecs=opus");
    expect((await uploadedMedia(deps, "ten_A", up.mediaId, "audio", "body.mediaId")).key).toBe(key);
    expect((await codeOf(uploadedMedia(deps, "ten_A", up.mediaId, "image", "body.mediaId"))).code).toBe(
      "unsupported_media_type",
    );
  });
});
