import { Readable } from "node:stream";
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { MediaObjects } from "@wharf/core";

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}

/** S3's smallest part: a streamed file holds at most one part in memory at a time (queueSize 1). */
export const MEDIA_PART_BYTES = 5 * 1024 * 1024;

/**
 * The media bucket for fleet workers: uploads are streamed out of S3 (never held whole), and
 * files contacts send are streamed in as a multipart upload (a part at a time) as they are
 * downloaded. fauxqs serves the same API locally.
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
      if (Buffer.isBuffer(body)) {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: contentType,
            ContentLength: body.length,
          }),
        );
        return;
      }
      const stream = body instanceof Readable ? body : Readable.from(body);
      // a failing stream aborts the multipart upload (leavePartsOnError false): nothing is stored
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: key, Body: stream, ContentType: contentType },
        partSize: MEDIA_PART_BYTES,
        queueSize: 1,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (err) {
        // a failed part leaves the source unread: let go of it (its socket) now
        stream.destroy();
        throw err;
      }
    },
  };
}
