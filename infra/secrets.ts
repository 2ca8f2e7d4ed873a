/**
 * Secrets set per stage with `npx sst secret set <Name> <value> --stage <stage>`.
 * No placeholders for keys a stage cannot run without: a deploy fails loudly until each is set.
 */

export interface Secrets {
  /** Platform admin key: manages tenants (Authorization: Bearer on /v1/tenants). */
  adminKey: sst.Secret;
  /** AES-256-GCM key for Baileys auth state at rest (32 bytes, base64). */
  authStateKey: sst.Secret;
  /**
   * Keys auth state was sealed with before a rotation (comma-separated base64), still
   * accepted for reading. "none" (the placeholder) means there are none.
   */
  authStatePreviousKeys: sst.Secret;
  /** HMAC key for the short-lived dashboard/WebSocket tokens the API mints. */
  tokenKey: sst.Secret;
}

export const SECRET_NAMES = ["AdminKey", "AuthStateKey", "AuthStatePreviousKeys", "TokenKey"] as const;

/** Value of AuthStatePreviousKeys meaning "no previous keys". */
export const NO_PREVIOUS_KEYS = "none";

export function createSecrets(): Secrets {
  return {
    adminKey: new sst.Secret("AdminKey"),
    authStateKey: new sst.Secret("AuthStateKey"),
    authStatePreviousKeys: new sst.Secret("AuthStatePreviousKeys", NO_PREVIOUS_KEYS),
    tokenKey: new sst.Secret("TokenKey"),
  };
}
