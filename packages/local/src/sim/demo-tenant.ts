import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  authenticateApiKey,
  createApiKey,
  createTenant,
  type ApiKeyStore,
  type Clock,
  type TenantStore,
} from "@wharf/core";

export const DEMO_TENANT_FILE = "demo-tenant.json";
export const DEMO_TENANT_NAME = "Demo";

export interface DemoTenant {
  tenantId: string;
  /** a ready-made tenant API key, printed in the banner for signing in to the dashboard */
  apiKey: string;
  /** false when a saved tenant was reused */
  created: boolean;
}

interface Saved {
  tenantId: string;
  apiKey: string;
}

/**
 * Sim mode's demo tenant: created once and saved (mode 0600, beside the admin key) so the same
 * key keeps working across restarts. When the saved tenant is gone (an in-memory database, a
 * wiped data dir) or its key no longer authenticates, a new one replaces it.
 */
export async function loadOrCreateDemoTenant(deps: {
  dataDir: string;
  tenants: TenantStore;
  apiKeys: ApiKeyStore;
  clock: Clock;
}): Promise<DemoTenant> {
  const path = join(deps.dataDir, DEMO_TENANT_FILE);
  const saved = readSaved(path);
  if (saved && (await stillValid(deps, saved))) return { ...saved, created: false };

  const tenant = await createTenant(deps, { name: DEMO_TENANT_NAME });
  const { secret } = await createApiKey(deps, tenant.id, { name: "demo" });
  mkdirSync(deps.dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify({ tenantId: tenant.id, apiKey: secret } satisfies Saved)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return { tenantId: tenant.id, apiKey: secret, created: true };
}

function readSaved(path: string): Saved | null {
  if (!existsSync(path)) return null;
  try {
    const v = JSON.parse(readFileSync(path, "utf8")) as Partial<Saved>;
    return typeof v.tenantId === "string" && typeof v.apiKey === "string"
      ? { tenantId: v.tenantId, apiKey: v.apiKey }
      : null;
  } catch {
    // a damaged file only held a demo key: replace it
    return null;
  }
}

async function stillValid(
  deps: { tenants: TenantStore; apiKeys: ApiKeyStore; clock: Clock },
  saved: Saved,
): Promise<boolean> {
  if (!(await deps.tenants.get(saved.tenantId))) return false;
  const key = await authenticateApiKey(deps, saved.apiKey).catch(() => null);
  return key?.tenantId === saved.tenantId;
}
