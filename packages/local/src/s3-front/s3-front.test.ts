import { createHash, randomBytes } from "node:crypto";
import { LOCAL_CREDENTIALS, createS3BlobStore, createS3Client, ensureBucket } from "@wharf/aws";
import type { BlobStore } from "@wharf/core";
import { type SqsEmulator, startSqsEmulator } from "@wharf/emulators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type S3Front, startS3Front } from "./s3-front";

const DASHBOARD = "http://127.0.0.1:4000";
const BUCKET = "front-test";
const MiB = 1024 * 1024;

/** The front on a real fauxqs: presigned URLs minted against it, as the runtime does. */
describe("local S3 front (CORS and large presigned PUTs over fauxqs)", () => {
  let fauxqs: SqsEmulator;
  let front: S3Front;
  let s3: ReturnType<typeof createS3Client>;
  let blobs: BlobStore;
  let clock = () => new Date();

  beforeAll(async () => {
    fauxqs = await startSqsEmulator();
    front = await startS3Front({
      upstream: fauxqs.endpoint,
      credentials: LOCAL_CREDENTIALS,
      allowOrigin: (origin) => origin === DASHBOARD,
      now: () => clock(),
    });
    s3 = createS3Client({ region: "us-east-1", endpoint: front.endpoint, credentials: LOCAL_CREDENTIALS });
    await ensureBucket(s3, BUCKET);
    blobs = createS3BlobStore(s3, BUCKET);
  });
  afterAll(async () => {
    s3?.destroy();
    await front?.stop();
    await fauxqs?.stop();
  });

  it("answers a CORS preflight from the dashboard's origin and refuses another origin", async () => {
    const url = await blobs.presignPut("t/preflight", "image/png", 10, 300);
    const ok = await fetch(url, {
      method: "OPTIONS",
      headers: {
        Origin: DASHBOARD,
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(DASHBOARD);
    expect(ok.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(ok.headers.get("access-control-allow-headers")).toBe("content-type");
    const foreign = await fetch(url, {
      method: "OPTIONS",
      headers: { Origin: "http://evil.example", "Access-Control-Request-Method": "PUT" },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("stores a 16 MiB presigned PUT (multipart behind the front) and a presigned GET returns the same bytes", async () => {
    const bytes = randomBytes(16 * MiB);
    const key = "t/large-video";
    const put = await fetch(await blobs.presignPut(key, "video/mp4", bytes.length, 300), {
      method: "PUT",
      headers: { "Content-Type": "video/mp4", Origin: DASHBOARD },
      body: bytes,
    });
    expect(put.status).toBe(200);
    expect(put.headers.get("access-control-allow-origin")).toBe(DASHBOARD);
    expect(await blobs.head(key)).toEqual({ size: bytes.length, contentType: "video/mp4" });

    const get = await fetch(await blobs.presignGet(key, 300), { headers: { Origin: DASHBOARD } });
    expect(get.status).toBe(200);
    expect(get.headers.get("access-control-allow-origin")).toBe(DASHBOARD);
    expect(get.headers.get("content-type")).toBe("video/mp4");
    const back = Buffer.from(await get.arrayBuffer());
    expect(back.length).toBe(bytes.length);
    expect(sha256(back)).toBe(sha256(bytes));
  });

  it("refuses a PUT of another content type or length than signed, as S3 does", async () => {
    const url = await blobs.presignPut("t/signed", "image/png", 100, 300);
    const wrongType = await fetch(url, {
      method: "PUT",
      headers: { "Content-Type": "image/gif" },
      body: Buffer.alloc(100),
    });
    expect(wrongType.status).toBe(403);
    expect(await wrongType.text()).toContain("SignatureDoesNotMatch");
    const wrongLength = await fetch(url, {
      method: "PUT",
      headers: { "Content-Type": "image/png" },
      body: Buffer.alloc(101),
    });
    expect(wrongLength.status).toBe(403);
    expect(await blobs.head("t/signed")).toBeNull();
  });

  it("refuses an expired presigned URL", async () => {
    const url = await blobs.presignGet("t/large-video", 60);
    const later = Date.now() + 61_000;
    clock = () => new Date(later);
    try {
      const res = await fetch(url);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("Request has expired");
    } finally {
      clock = () => new Date();
    }
  });
});

function sha256(b: Buffer): string {
  return createHash("sha256").update(b).digest("hex");
}
