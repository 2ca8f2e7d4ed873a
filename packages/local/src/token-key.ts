import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const TOKEN_KEY_FILE = "token-key";

/**
 * The local WHARF_TOKEN_KEY: signs realtime tokens and (through HKDF) seals webhook secrets,
 * so it must survive restarts like the data does. Saved mode 0600 beside the admin key.
 */
export function loadOrCreateTokenKey(dataDir: string): string {
  const path = join(dataDir, TOKEN_KEY_FILE);
  if (existsSync(path)) {
    const key = readFileSync(path, "utf8").trim();
    if (key.length < 32) throw new Error(`${path} holds no token key (≥ 32 characters); fix or delete it`);
    return key;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString("base64url");
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(path, 0o600);
  return key;
}
