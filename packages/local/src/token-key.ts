import { randomBytes } from "node:crypto";
import { loadOrCreateSecret } from "./secret-file";

export const TOKEN_KEY_FILE = "token-key";

/**
 * The local WHARF_TOKEN_KEY: signs realtime tokens and (through HKDF) seals webhook secrets,
 * so it must survive restarts like the data does.
 */
export function loadOrCreateTokenKey(dataDir: string): string {
  return loadOrCreateSecret(dataDir, TOKEN_KEY_FILE, {
    generate: () => randomBytes(32).toString("base64url"),
    valid: (v) => v.length >= 32,
    describe: "a token key (≥ 32 characters)",
  }).value;
}

export const AUTH_STATE_KEY_FILE = "auth-state-key";

/** The local WHARF_AUTH_STATE_KEY (AES-256-GCM for WhatsApp auth state at rest). */
export function loadOrCreateAuthStateKey(dataDir: string): string {
  return loadOrCreateSecret(dataDir, AUTH_STATE_KEY_FILE, {
    generate: () => randomBytes(32).toString("base64"),
    valid: (v) => Buffer.from(v, "base64").length === 32,
    describe: "an auth-state key (base64 of 32 bytes)",
  }).value;
}
