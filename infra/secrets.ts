/**
 * Secrets set per stage with `npx sst secret set <Name> <value> --stage <stage>`.
 * No placeholders: a deploy fails loudly until each one is set.
 */

export interface Secrets {
  /** Platform admin key: manages tenants (Authorization: Bearer on /v1/tenants). */
  adminKey: sst.Secret;
  /** AES-256-GCM key for Baileys auth state at rest (32 bytes, base64). */
  authStateKey: sst.Secret;
  /** HMAC key for the short-lived dashboard/WebSocket tokens the API mints. */
  tokenKey: sst.Secret;
}

export const SECRET_NAMES = ["AdminKey", "AuthStateKey", "TokenKey"] as const;

export function createSecrets(): Secrets {
  return {
    adminKey: new sst.Secret("AdminKey"),
    authStateKey: new sst.Secret("AuthStateKey"),
    tokenKey: new sst.Secret("TokenKey"),
  };
}
