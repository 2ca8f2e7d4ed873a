import { generateApiKeySecret, looksLikeApiKey } from "@wharf/core";
import { loadOrCreateSecret } from "./secret-file";

export const ADMIN_KEY_FILE = "admin-key";

/** The local platform admin key, generated on first start and kept in the data directory. */
export function loadOrCreateAdminKey(dataDir: string): { key: string; path: string; created: boolean } {
  const { value, path, created } = loadOrCreateSecret(dataDir, ADMIN_KEY_FILE, {
    generate: generateApiKeySecret,
    valid: looksLikeApiKey,
    describe: "a wharf_sk_ key",
  });
  return { key: value, path, created };
}
