import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { BlobStore } from "@wharf/core";
import type { AwsCredentials } from "../dynamo/client";

export type S3ClientHandle = S3Client;

export interface S3ClientOptions {
  region: string;
  /** fauxqs locally (path-style, since bucket subdomains of 127.0.0.1 do not resolve); omit on AWS */
  endpoint?: string | undefined;
  credentials?: AwsCredentials | undefined;
}

export function createS3Client(opts: S3ClientOptions): S3Client {
  return new S3Client({
    region: opts.region,
    ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    // the SDK's default (WHEN_SUPPORTED) puts the CRC32 of an empty body into every presigned
    // PUT (x-amz-checksum-crc32=AAAAAA==), and real S3 then refuses the actual upload
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
}

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.name === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
}

/**
 * The media bucket. The presigned PUT signs Content-Type and Content-Length, so S3 refuses an
 * upload of another type or length; HEAD checks what arrived before a send names it.
 */
export function createS3BlobStore(client: S3Client, bucket: string): BlobStore {
  return {
    async presignPut(key, contentType, contentLength, expiresIn) {
      const cmd = new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentType: contentType,
        ContentLength: contentLength,
      });
      return getSignedUrl(client, cmd, {
        expiresIn,
        signableHeaders: new Set(["content-type", "content-length"]),
      });
    },
    async presignGet(key, expiresIn) {
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn });
    },
    async head(key) {
      try {
        const res = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { size: res.ContentLength ?? 0, contentType: res.ContentType ?? null };
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },
  };
}

/** Creates the bucket when missing (the emulator starts empty; on AWS SST creates it). */
export async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (err) {
    if (!isMissing(err)) throw err;
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
