import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateApiKeySecret, looksLikeApiKey } from "@wharf/core";

export const ADMIN_KEY_FILE = "admin-key";

/**
 * The local platform admin key: generated on first start and saved (mode 0600) in the data
 * directory, so it survives restarts. A damaged file is an error, not silently replaced:
 * replacing it would lock the user out of the tenants they already created.
 */
export function loadOrCreateAdminKey(dataDir: string): { key: string; path: string; created: boolean } {
  const path = join(dataDir, ADMIN_KEY_FILE);
  if (existsSync(path)) {
    const key = readFileSync(path, "utf8").trim();
    if (!looksLikeApiKey(key)) throw new Error(`${path} does not hold a wharf_sk_ key; fix or delete it to generate a new one`);
    return { key, path, created: false };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = generateApiKeySecret();
  // "wx": never overwrite a key another process wrote a moment ago
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(path, 0o600);
  return { key, path, created: true };
}
