export { TABLE_SCHEMA } from "./table-schema";
export {
  createDynamoClients,
  createDocumentClient,
  LOCAL_CREDENTIALS,
  trimSdkClient,
  type AwsCredentials,
  type DynamoClientOptions,
} from "./client";
export { ensureTable } from "./ensure-table";
export type { DynamoContext } from "./context";
export { keys, tenantPk, ENTITY, type ItemKey } from "./keys";
export { deletePartition, batchDelete, batchPut } from "./batch-delete";
export { batchGetItems } from "./batch-get";
export { queryPages, queryAll, type QueryInput } from "./query-pages";
export { getItem } from "./get-item";
export { transactWrite, transactCoalescer, TransactCoalescer, type CoalescerStats } from "./transact-coalescer";
