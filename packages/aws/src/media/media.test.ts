import { createHash } from "node:crypto";
import { newId } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { useTestStack } from "../testing/index";
import { createS3BlobStore, createS3Client } from "./blob-store";
import { createMediaStore } from "./media-store";

const stack = useTestStack();
const blobs = createS3BlobStore(stack.s3, stack.mediaBucket);
const media = createMediaStore({ doc: stack.doc, tableName: stack.tableName });

describe("media bucket on fauxqs S3", () => {
  it("takes a 6 MB+ file through a presigned PUT and serves it back through a presigned GET", async () => {
    const key = `tenants/${newId("tenant")}/media/${newId("media")}`;
    const bytes = Buffer.alloc(6 * 1024 * 1024 + 123, 7);
    bytes.write("hello", 0);
    expect(await blobs.head(key)).toBeNull();
    const put = await blobs.presignPut(key, "application/pdf", bytes.length, 60);
    expect(put).toContain("X-Amz-Signature=");
    expect(decodeURIComponent(put)).toContain("content-length;content-type");
    const res = await fetch(put, { method: "PUT", body: bytes, headers: { "content-type": "application/pdf" } });
    expect(res.status).toBe(200);
    expect(await blobs.head(key)).toEqual({ size: bytes.length, contentType: "application/pdf" });
    const got = await fetch(await blobs.presignGet(key, 60));
    const back = Buffer.from(await got.arrayBuffer());
    expect(createHash("sha256").update(back).digest("hex")).toBe(createHash("sha256").update(bytes).digest("hex"));
  });
});

describe("presigned uploads for real S3", () => {
  it("carry no checksum of an empty body, which S3 would hold the upload against", async () => {
    const client = createS3Client({
      region: "eu-central-1",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    });
    const url = new URL(await createS3BlobStore(client, "media").presignPut("k", "image/png", 10, 60));
    expect([...url.searchParams.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
  });
});

describe("media upload records on DynamoDB", () => {
  it("are read back by their tenant only", async () => {
    const tenantId = newId("tenant");
    const id = newId("media");
    const record = {
      id,
      tenantId,
      kind: "image" as const,
      mimetype: "image/png",
      size: 10,
      fileName: null,
      key: `tenants/${tenantId}/media/${id}`,
      createdAt: "2030-01-01T00:00:00.000Z",
      uploadExpiresAt: "2030-01-01T00:15:00.000Z",
    };
    await media.create(record, 3600);
    expect(await media.get(tenantId, id)).toEqual(record);
    expect(await media.get(newId("tenant"), id)).toBeNull();
    expect(await media.get(tenantId, newId("media"))).toBeNull();
  });
});
