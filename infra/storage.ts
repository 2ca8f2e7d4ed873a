/**
 * The one DynamoDB table. Its key schema comes from packages/aws (TABLE_SCHEMA), the same
 * constant the local runtime uses to create the table, so the two can never drift.
 */
import { TABLE_SCHEMA } from "../packages/aws/src/dynamo/table-schema";
import type { StageSettings } from "./stage";

export function tableArgs(settings: StageSettings): sst.aws.DynamoArgs {
  const fields: Record<string, "string"> = {};
  for (const attribute of TABLE_SCHEMA.attributes) fields[attribute] = "string";

  const globalIndexes: Record<string, { hashKey: string; rangeKey: string }> = {};
  for (const [name, index] of Object.entries(TABLE_SCHEMA.globalIndexes)) {
    globalIndexes[name] = { hashKey: index.partitionKey, rangeKey: index.sortKey };
  }

  return {
    fields,
    primaryIndex: { hashKey: TABLE_SCHEMA.partitionKey, rangeKey: TABLE_SCHEMA.sortKey },
    globalIndexes,
    ttl: TABLE_SCHEMA.ttlAttribute,
    // Removal policy "retain" keeps the table on `sst remove`; this also stops a console delete.
    deletionProtection: settings.deletionProtection,
  };
}

/** Where every file lives: tenants/<tenant>/… (uploads and the files workers store). */
export const MEDIA_PREFIX = "tenants/";

/**
 * The media bucket (DESIGN §11): files reach it through presigned PUTs and leave through
 * presigned GETs, never through Lambda, SQS or DynamoDB. The lifecycle rule deletes each file
 * after the stage's retention; a message naming it then shows no download URL.
 */
export function mediaBucketArgs(settings: StageSettings): sst.aws.BucketArgs {
  return {
    // the dashboard PUTs uploads from the browser: CORS stays on (SST's default allows it)
    cors: true,
    lifecycle: [{ id: "expire-media", prefix: MEDIA_PREFIX, expiresIn: `${settings.mediaRetentionDays} days` }],
  };
}

export function createStorage(settings: StageSettings) {
  return {
    table: new sst.aws.Dynamo("Table", tableArgs(settings)),
    media: new sst.aws.Bucket("MediaBucket", mediaBucketArgs(settings)),
  };
}
