import { NotFoundError, RateLimitedError } from "@wharf/core";

/** Virtual phones one tenant may hold in sim mode: enough for a demo, not a way to fill the simulator. */
export const MAX_DEMO_PHONES_PER_TENANT = 5;

/** Phone ids by tenant id: what `createPhoneOwners` starts from and reports after each change. */
export type PhonesByTenant = Record<string, string[]>;

/**
 * Which tenant each virtual phone belongs to. The simulator itself knows no tenants, so the
 * demo routes scope every phone through this map: a tenant sees and drives only its own.
 */
export function createPhoneOwners(
  maxPerTenant = MAX_DEMO_PHONES_PER_TENANT,
  opts: { initial?: PhonesByTenant; onChange?: (all: PhonesByTenant) => void } = {},
) {
  const byTenant = new Map<string, string[]>(Object.entries(opts.initial ?? {}));
  const ownerOf = new Map<string, string>();
  for (const [tenantId, phones] of byTenant) for (const phone of phones) ownerOf.set(phone, tenantId);
  return {
    phonesOf(tenantId: string): readonly string[] {
      return byTenant.get(tenantId) ?? [];
    },
    /** throws 429 when the tenant already holds its maximum */
    assertRoom(tenantId: string): void {
      if (this.phonesOf(tenantId).length >= maxPerTenant) {
        throw new RateLimitedError(`a tenant may hold at most ${maxPerTenant} virtual phones`, 3600);
      }
    },
    assign(tenantId: string, phoneId: string): void {
      ownerOf.set(phoneId, tenantId);
      byTenant.set(tenantId, [...this.phonesOf(tenantId), phoneId]);
      opts.onChange?.(Object.fromEntries(byTenant));
    },
    /** another tenant's phone is as unknown as a phone that does not exist */
    assertOwns(tenantId: string, phoneId: string): void {
      if (ownerOf.get(phoneId) !== tenantId) throw new NotFoundError("virtual phone");
    },
  };
}

export type PhoneOwners = ReturnType<typeof createPhoneOwners>;
