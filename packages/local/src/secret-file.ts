import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A local secret (admin key, token key, auth-state key) generated on first start and saved
 * mode 0600 in the data directory, so it survives restarts like the data it protects.
 * A damaged file is an error, never silently replaced: that would lock out existing data.
 */
export function loadOrCreateSecret(
  dataDir: string,
  file: string,
  spec: { generate: () => string; valid: (value: string) => boolean; describe: string },
): { value: string; path: string; created: boolean } {
  const path = join(dataDir, file);
  if (existsSync(path)) {
    const value = readFileSync(path, "utf8").trim();
    if (!spec.valid(value))
      throw new Error(`${path} does not hold ${spec.describe}; fix or delete it to generate a new one`);
    return { value, path, created: false };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const value = spec.generate();
  // "wx": never overwrite a secret another process wrote a moment ago
  writeFileSync(path, `${value}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(path, 0o600);
  return { value, path, created: true };
}
