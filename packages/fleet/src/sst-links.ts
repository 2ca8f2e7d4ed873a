import { ConfigError } from "@wharf/aws";

/**
 * ECS services get linked resources as SST_RESOURCE_<Name> JSON; map the ones WharfConfig
 * knows onto its env names without importing "sst" here.
 */
export function withSstLinks(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const link = (name: string): Record<string, unknown> | null => {
    const raw = env[`SST_RESOURCE_${name}`];
    if (!raw) return null;
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new ConfigError([`SST_RESOURCE_${name}: not JSON`]);
    }
  };
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const out = { ...env };
  const app = link("App");
  const table = link("Table");
  const placement = link("Placement");
  const events = link("Events");
  const authKey = link("AuthStateKey");
  if (app && !out.WHARF_STAGE) out.WHARF_STAGE = str(app.stage);
  if (table && !out.WHARF_TABLE_NAME) out.WHARF_TABLE_NAME = str(table.name);
  if (placement && !out.WHARF_PLACEMENT_QUEUE_URL) out.WHARF_PLACEMENT_QUEUE_URL = str(placement.url);
  if (events && !out.WHARF_EVENTS_QUEUE_URL) out.WHARF_EVENTS_QUEUE_URL = str(events.url);
  if (authKey && !out.WHARF_AUTH_STATE_KEY) out.WHARF_AUTH_STATE_KEY = str(authKey.value);
  return out;
}
