import { createHash, randomBytes } from "node:crypto";
import { inboundMediaKey, newId } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { useTestStack } from "../testing/index";
import { createS3MediaObjects } from "./media-objects";

const stack = useTestStack();
const objects = createS3MediaObjects(stack.s3, stack.mediaBucket);

describe("the media bucket for fleet workers, on fauxqs S3", () => {
  it("stores a file and streams the same bytes back with length and type", async () => {
    const key = inboundMediaKey(newId("tenant"), newId("session"), "abc123");
    const bytes = randomBytes(2 * 1024 * 1024 + 17);
    await objects.put(key, bytes, "image/jpeg");
    const got = await objects.getStream(key);
    expect(got).toMatchObject({ size: bytes.length, contentType: "image/jpeg" });
    const chunks: Buffer[] = [];
    for await (const c of got!.body) chunks.push(Buffer.from(c));
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it("stores a stream larger than one PUT as a multipart upload, a part at a time", async () => {
    const key = inboundMediaKey(newId("tenant"), newId("session"), "multipart");
    // past fauxqs' single-PUT limit (~11 MiB) and over three 5 MiB parts
    const parts = Array.from({ length: 13 }, () => randomBytes(1024 * 1024 + 7));
    const whole = createHash("sha256");
    for (const p of parts) whole.update(p);
    async function* chunks() {
      yield* parts;
    }
    await objects.put(key, chunks(), "video/mp4");
    const got = await objects.getStream(key);
    expect(got).toMatchObject({ size: parts.reduce((n, p) => n + p.length, 0), contentType: "video/mp4" });
    const back = createHash("sha256");
    for await (const c of got!.body) back.update(c);
    expect(back.digest("hex")).toBe(whole.digest("hex"));
  });

  it("stores nothing when the stream fails part-way (after a part went up)", async () => {
    const key = inboundMediaKey(newId("tenant"), newId("session"), "broken");
    async function* failing() {
      for (let i = 0; i < 7; i++) yield randomBytes(1024 * 1024);
      throw new Error("the download broke off");
    }
    await expect(objects.put(key, failing(), "video/mp4")).rejects.toThrow(/broke off/);
    expect(await objects.getStream(key)).toBeNull();
  });

  it("answers null for a key nothing was stored under", async () => {
    expect(await objects.getStream(`tenants/${newId("tenant")}/uploads/none`)).toBeNull();
  });
});
