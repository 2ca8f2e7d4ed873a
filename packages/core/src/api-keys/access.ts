import { API_KEY_SCOPES, SESSION_SCOPES, type ApiKeyScope } from "@wharf/contracts";
import { ForbiddenError, NotFoundError, WharfError } from "../errors";

/**
 * What an authenticated key may do: its scopes (null = full access) and the sessions it is
 * limited to (null = all of the tenant's). Put on every tenant request by the auth middleware.
 */
export interface KeyAccess {
  scopes: readonly ApiKeyScope[] | null;
  sessionIds: readonly string[] | null;
}

export const FULL_ACCESS: KeyAccess = { scopes: null, sessionIds: null };

/** The FieldIssue code of a 403 for a missing scope; the message is the scope itself. */
export const MISSING_SCOPE = "missing_scope";

export function hasScope(access: KeyAccess, scope: ApiKeyScope): boolean {
  return access.scopes === null || access.scopes.includes(scope);
}

/** The scopes of `required` the key lacks (empty when it may go ahead). */
export function missingScopes(access: KeyAccess, required: readonly ApiKeyScope[]): ApiKeyScope[] {
  return required.filter((s) => !hasScope(access, s));
}

/** 403 naming each missing scope in the details (path `scopes`, code `missing_scope`, message = the scope). */
export class MissingScopeError extends WharfError {
  readonly missing: ApiKeyScope[];
  constructor(missing: ApiKeyScope[]) {
    super("forbidden", `this API key lacks the scope${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`, {
      details: missing.map((s) => ({ path: "scopes", message: s, code: MISSING_SCOPE })),
    });
    this.missing = missing;
  }
}

/** Throws MissingScopeError unless the key holds every scope of `required`. */
export function requireScopes(access: KeyAccess, required: readonly ApiKeyScope[]): void {
  const missing = missingScopes(access, required);
  if (missing.length > 0) throw new MissingScopeError(missing);
}

export function canSeeSession(access: KeyAccess, sessionId: string): boolean {
  return access.sessionIds === null || access.sessionIds.includes(sessionId);
}

/** A session outside the key's limit is answered like another tenant's: it does not exist. */
export function requireSessionVisible(access: KeyAccess, sessionId: string): void {
  if (!canSeeSession(access, sessionId)) throw new NotFoundError("session", sessionId);
}

/** Creating sessions would make ones the key cannot see: only an unlimited key may. */
export function requireUnlimited(access: KeyAccess, what: string): void {
  if (access.sessionIds !== null) throw new ForbiddenError(`a session-limited API key cannot ${what}`);
}

export function isSessionScope(scope: ApiKeyScope): boolean {
  return (SESSION_SCOPES as readonly ApiKeyScope[]).includes(scope);
}

/** Every scope, in the canonical order. */
export function allScopes(): ApiKeyScope[] {
  return [...API_KEY_SCOPES];
}

/** Deduplicated, in the canonical order, so stored lists compare and display the same. */
export function normaliseScopes(scopes: readonly ApiKeyScope[]): ApiKeyScope[] {
  return API_KEY_SCOPES.filter((s) => scopes.includes(s));
}
