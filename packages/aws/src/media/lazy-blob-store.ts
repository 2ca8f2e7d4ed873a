import type { BlobStore } from "@wharf/core";
import type { S3ClientOptions } from "./s3-blob-store";

/**
 * The media bucket for a Lambda: the S3 client and presigner (about 130 KB of bundled SDK)
 * load on the first media call instead of at every cold start, which most requests never
 * need. Same behaviour as createS3BlobStore over createS3Client(opts); a failed load is
 * retried on the next call.
 */
export function lazyS3BlobStore(opts: S3ClientOptions, bucket: string): BlobStore {
  let loading: Promise<BlobStore> | undefined;
  const load = () =>
    (loading ??= import("./s3-blob-store").then(
      (m) => m.createS3BlobStore(m.createS3Client(opts), bucket),
      (err: unknown) => {
        loading = undefined;
        throw err;
      },
    ));
  return {
    presignPut: async (key, contentType, contentLength, expiresIn) =>
      (await load()).presignPut(key, contentType, contentLength, expiresIn),
    presignGet: async (key, expiresIn) => (await load()).presignGet(key, expiresIn),
    head: async (key) => (await load()).head(key),
  };
}
