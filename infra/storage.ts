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

export function createStorage(settings: StageSettings) {
  return { table: new sst.aws.Dynamo("Table", tableArgs(settings)) };
}
