/**
 * The one DynamoDB table's key schema, shared by infra (SST) and the local runtime so the
 * two can never drift. Pure constants: infra imports this file directly.
 */
export const TABLE_SCHEMA = {
  partitionKey: "pk",
  sortKey: "sk",
  /** every attribute used in a key (all strings) */
  attributes: ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"],
  globalIndexes: {
    gsi1: { partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    /** sessions by lease expiry, in WANTS / IDLE partitions by desired state (keys.ts) */
    gsi2: { partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  },
  /** epoch seconds; DynamoDB deletes the item some time after it passes */
  ttlAttribute: "expiresAt",
} as const;
