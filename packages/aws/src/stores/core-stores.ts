import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ApiKeyStore, AuditLogStore, SessionStore, TenantStore } from "@wharf/core";
import { createApiKeyStore, type ApiKeyStoreOptions } from "./api-key-store";
import { createAuditLogStore } from "./audit-log-store";
import { createSessionStore } from "./session-store";
import { createTenantStore } from "./tenant-store";

export interface DynamoStores {
  tenants: TenantStore;
  apiKeys: ApiKeyStore;
  sessions: SessionStore;
  audit: AuditLogStore;
}

/** The store ports of packages/core over the one DynamoDB table. */
export function createDynamoStores(opts: {
  doc: DynamoDBDocumentClient;
  tableName: string;
  apiKeys?: ApiKeyStoreOptions;
}): DynamoStores {
  const ctx = { doc: opts.doc, tableName: opts.tableName };
  return {
    tenants: createTenantStore(ctx),
    apiKeys: createApiKeyStore(ctx, opts.apiKeys),
    sessions: createSessionStore(ctx),
    audit: createAuditLogStore(ctx),
  };
}
