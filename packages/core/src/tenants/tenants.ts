import type { CreateTenantBody, PlanName } from "@wharf/contracts";
import type { Clock } from "../clock";
import { NotFoundError } from "../errors";
import { newId } from "../ids";
import type { PageRequest, PageResult } from "../paging";
import type { TenantRecord, TenantStore } from "./ports";

export interface TenantDeps {
  tenants: TenantStore;
  clock: Clock;
}

export async function createTenant(deps: TenantDeps, input: CreateTenantBody): Promise<TenantRecord> {
  const now = deps.clock.now();
  const tenant: TenantRecord = { id: newId("tenant", now.getTime()), name: input.name, createdAt: now.toISOString() };
  await deps.tenants.create(tenant);
  return tenant;
}

export async function getTenant(deps: TenantDeps, id: string): Promise<TenantRecord> {
  const t = await deps.tenants.get(id);
  if (!t) throw new NotFoundError("tenant", id);
  return t;
}

export function listTenants(deps: TenantDeps, page: PageRequest): Promise<PageResult<TenantRecord>> {
  return deps.tenants.list(page);
}

/** Assigns a plan (admin only); the new limits apply from the next request on. */
export async function setTenantPlan(deps: TenantDeps, id: string, plan: PlanName): Promise<TenantRecord> {
  const t = await deps.tenants.setPlan(id, plan);
  if (!t) throw new NotFoundError("tenant", id);
  return t;
}
