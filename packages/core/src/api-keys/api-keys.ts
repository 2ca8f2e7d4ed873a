import type { ApiKeyScope, CreateApiKeyBody, FieldIssue } from "@wharf/contracts";
import type { Clock } from "../clock";
import { NotFoundError, UnauthorizedError, ValidationError, WharfError } from "../errors";
import { newId } from "../ids";
import type { SessionStore } from "../sessions/ports";
import type { ApiKeyRecord, ApiKeyStore } from "./ports";
import type { PageRequest, PageResult } from "../paging";
import { API_KEY_SCOPES } from "@wharf/contracts";
import {
  FULL_ACCESS,
  MissingScopeError,
  isSessionScope,
  missingScopes,
  normaliseScopes,
  type KeyAccess,
} from "./access";
import { generateApiKeySecret, hashApiKey, hashesEqual, looksLikeApiKey, visiblePrefix } from "./secret";

export interface ApiKeyDeps {
  apiKeys: ApiKeyStore;
  clock: Clock;
  /** checks the sessions a session-limited key names; needed only when `sessionIds` are given */
  sessions?: Pick<SessionStore, "get">;
}

/** The key's limits as the request context carries them. */
export function accessOf(key: Pick<ApiKeyRecord, "scopes" | "sessionIds">): KeyAccess {
  return { scopes: key.scopes, sessionIds: key.sessionIds };
}

/**
 * The scopes and sessions a new key gets: what was asked, or else the creator's own. A key
 * never grants more than it holds (403 naming the scopes it lacks), a session-limited key
 * holds session scopes only, and every named session must be one the creator can see.
 */
async function grantFor(
  deps: ApiKeyDeps,
  tenantId: string,
  input: CreateApiKeyBody,
  creator: KeyAccess,
): Promise<{ scopes: ApiKeyScope[] | null; sessionIds: string[] | null }> {
  const scopes = input.scopes ? normaliseScopes(input.scopes) : creator.scopes ? [...creator.scopes] : null;
  const sessionIds = input.sessionIds
    ? [...new Set(input.sessionIds)]
    : creator.sessionIds
      ? [...creator.sessionIds]
      : null;
  if (creator.scopes !== null) {
    const missing = missingScopes(creator, scopes ?? allScopeList());
    if (missing.length > 0) throw new MissingScopeError(missing);
  }
  if (sessionIds !== null) {
    const issues: FieldIssue[] = [];
    if (scopes === null || scopes.some((s) => !isSessionScope(s)))
      issues.push({
        path: "body.scopes",
        message: "a session-limited key holds session scopes only (sessions, messages, events)",
        code: "scope_needs_unlimited_key",
      });
    for (const [i, id] of sessionIds.entries()) {
      const visible = creator.sessionIds === null || creator.sessionIds.includes(id);
      if (!visible || !(await sessionsOf(deps).get(tenantId, id)))
        issues.push({ path: `body.sessionIds.${i}`, message: `no session ${id}`, code: "unknown_session" });
    }
    if (issues.length > 0) throw new ValidationError("invalid key limits", issues);
  }
  return { scopes, sessionIds };
}

function sessionsOf(deps: ApiKeyDeps): Pick<SessionStore, "get"> {
  if (!deps.sessions) throw new WharfError("internal", "createApiKey needs the session store to check sessionIds");
  return deps.sessions;
}

function allScopeList(): ApiKeyScope[] {
  return [...API_KEY_SCOPES];
}

/**
 * Creates a key and returns its secret: the only time it is ever available. `creator` is the
 * key asking (full access for the admin creating a tenant's first key).
 */
export async function createApiKey(
  deps: ApiKeyDeps,
  tenantId: string,
  input: CreateApiKeyBody,
  creator: KeyAccess = FULL_ACCESS,
): Promise<{ record: ApiKeyRecord; secret: string }> {
  const grant = await grantFor(deps, tenantId, input, creator);
  const now = deps.clock.now();
  const secret = generateApiKeySecret();
  const record: ApiKeyRecord = {
    id: newId("apiKey", now.getTime()),
    tenantId,
    name: input.name,
    prefix: visiblePrefix(secret),
    hash: hashApiKey(secret),
    scopes: grant.scopes,
    sessionIds: grant.sessionIds,
    createdAt: now.toISOString(),
    lastUsedAt: null,
  };
  await deps.apiKeys.create(record);
  return { record, secret };
}

export function listApiKeys(deps: ApiKeyDeps, tenantId: string, page: PageRequest): Promise<PageResult<ApiKeyRecord>> {
  return deps.apiKeys.list(tenantId, page);
}

/**
 * Revokes a key. A scoped key cannot revoke a key that holds scopes it lacks (403 naming
 * them): revoking is not a way around "never more than you hold".
 */
export async function revokeApiKey(
  deps: ApiKeyDeps,
  tenantId: string,
  id: string,
  revoker: KeyAccess = FULL_ACCESS,
): Promise<void> {
  if (revoker.scopes !== null) {
    const target = await deps.apiKeys.get(tenantId, id);
    if (!target) throw new NotFoundError("api key", id);
    const missing = missingScopes(revoker, target.scopes ?? allScopeList());
    if (missing.length > 0) throw new MissingScopeError(missing);
  }
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
