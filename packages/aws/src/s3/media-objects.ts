import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { MediaObjects } from "@wharf/core";
import type { Readable } from "node:stream";

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}

/**
 * The media bucket for fleet workers: uploads are streamed out of S3 (never held whole), and
 * files contacts send are stored once downloaded. fauxqs serves the same API locally.
 */
export function createS3MediaObjects(client: S3Client, bucket: string): MediaObjects {
  return {
    async getStream(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!res.Body) return null;
        return { body: res.Body as Readable, size: res.ContentLength ?? 0, contentType: res.ContentType ?? null };
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },
    async put(key, body, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ContentLength: body.length,
        }),
      );
    },
  };
}
