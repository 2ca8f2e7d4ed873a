import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ApiKeyRepository, SessionRepository, TenantRepository } from "@wharf/core";
import { createApiKeyRepository, type ApiKeyRepositoryOptions } from "./api-key-store";
import { createSessionRepository } from "./session-store";
import { createTenantRepository } from "./tenant-store";

export interface DynamoRepositories {
  tenants: TenantRepository;
  apiKeys: ApiKeyRepository;
  sessions: SessionRepository;
}

/** The repository ports of packages/core over the one DynamoDB table. */
export function createDynamoRepositories(opts: {
  doc: DynamoDBDocumentClient;
  tableName: string;
  apiKeys?: ApiKeyRepositoryOptions;
}): DynamoRepositories {
  const ctx = { doc: opts.doc, tableName: opts.tableName };
  return {
    tenants: createTenantRepository(ctx),
    apiKeys: createApiKeyRepository(ctx, opts.apiKeys),
    sessions: createSessionRepository(ctx),
  };
}
