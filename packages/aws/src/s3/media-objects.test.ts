import { randomBytes } from "node:crypto";
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

  it("answers null for a key nothing was stored under", async () => {
    expect(await objects.getStream(`tenants/${newId("tenant")}/uploads/none`)).toBeNull();
  });
});
