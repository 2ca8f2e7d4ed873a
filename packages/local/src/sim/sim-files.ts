import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import type { PhonesByTenant } from "./phone-owners";

/** Sim mode's files in the data dir: the simulator's state and which tenant owns which phone. */
export const SIM_DIR = "wa-sim";
export const simStatePath = (dataDir: string): string => join(dataDir, SIM_DIR, "state.json");
export const phoneOwnersPath = (dataDir: string): string => join(dataDir, SIM_DIR, "phone-owners.json");

const SavedOwners = z.record(z.string(), z.array(z.string()));

/** The saved phone owners, keeping only phones the simulator still has; empty when none saved. */
export function readPhoneOwners(path: string, exists: (phoneId: string) => boolean): PhonesByTenant {
  if (!existsSync(path)) return {};
  let saved: PhonesByTenant;
  try {
    saved = SavedOwners.parse(JSON.parse(readFileSync(path, "utf8")));
  } catch {
    // it only scoped demo phones to tenants: a damaged file means each tenant gets a new phone
    return {};
  }
  const out: PhonesByTenant = {};
  for (const [tenantId, phones] of Object.entries(saved)) {
    const kept = phones.filter(exists);
    if (kept.length > 0) out[tenantId] = kept;
  }
  return out;
}

/** Writes a temporary file and renames it over the old one: a crash leaves one or the other. */
export function writeJsonAtomically(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(value)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}
