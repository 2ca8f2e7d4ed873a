import type { CreateApiKeyBody } from "@wharf/contracts";
import type { Clock } from "../clock";
import { NotFoundError, UnauthorizedError } from "../errors";
import { newId } from "../ids";
import type { ApiKeyRecord, ApiKeyStore } from "./ports";
import type { PageRequest, PageResult } from "../paging";
import { generateApiKeySecret, hashApiKey, hashesEqual, looksLikeApiKey, visiblePrefix } from "./secret";

export interface ApiKeyDeps {
  apiKeys: ApiKeyStore;
  clock: Clock;
}

/** Creates a key and returns its secret: the only time it is ever available. */
export async function createApiKey(
  deps: ApiKeyDeps,
  tenantId: string,
  input: CreateApiKeyBody,
): Promise<{ record: ApiKeyRecord; secret: string }> {
  const now = deps.clock.now();
  const secret = generateApiKeySecret();
  const record: ApiKeyRecord = {
    id: newId("apiKey", now.getTime()),
    tenantId,
    name: input.name,
    prefix: visiblePrefix(secret),
    hash: hashApiKey(secret),
    createdAt: now.toISOString(),
    lastUsedAt: null,
  };
  await deps.apiKeys.create(record);
  return { record, secret };
}

export function listApiKeys(deps: ApiKeyDeps, tenantId: string, page: PageRequest): Promise<PageResult<ApiKeyRecord>> {
  return deps.apiKeys.list(tenantId, page);
}

export async function revokeApiKey(deps: ApiKeyDeps, tenantId: string, id: string): Promise<void> {
  if (!(await deps.apiKeys.delete(tenantId, id))) throw new NotFoundError("api key", id);
}

/**
 * Resolves a presented secret to its key. The lookup is by hash; the stored hash is then
 * compared in constant time so a partial index hit can never authenticate.
 */
export async function authenticateApiKey(deps: ApiKeyDeps, presented: string): Promise<ApiKeyRecord> {
  if (!looksLikeApiKey(presented)) throw new UnauthorizedError();
  const hash = hashApiKey(presented);
  const key = await deps.apiKeys.findByHash(hash);
  if (!key || !hashesEqual(key.hash, hash)) throw new UnauthorizedError();
  return key;
}

/** The platform admin key is configured, not stored: compare hashes in constant time. */
export function isAdminKey(presented: string, adminKeyHash: string): boolean {
  return hashesEqual(hashApiKey(presented), adminKeyHash);
}
