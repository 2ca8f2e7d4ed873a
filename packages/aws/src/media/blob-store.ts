export {
  createS3BlobStore,
  createS3Client,
  ensureBucket,
  type S3ClientHandle,
  type S3ClientOptions,
} from "./s3-blob-store";
