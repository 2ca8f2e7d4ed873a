import type { PlanName } from "@wharf/contracts";
import type { PageRequest, PageResult } from "../paging";

/** A tenant as stored. The REST shape in contracts is a projection of it. */
export interface TenantRecord {
  id: string;
  name: string;
  createdAt: string;
  /** absent until the admin assigns one: the platform's default plan applies */
  plan?: PlanName;
}

/**
 * Tenant store port. Adapters: DynamoDB in packages/aws, in-memory in core/testing.
 * Invalid cursors throw ValidationError; lost races throw ConflictError.
 */
export interface TenantStore {
  /** throws ConflictError if the id exists */
  create(tenant: TenantRecord): Promise<void>;
  get(id: string): Promise<TenantRecord | null>;
  list(page: PageRequest): Promise<PageResult<TenantRecord>>;
  /** assigns a plan; null when there is no such tenant */
  setPlan(id: string, plan: PlanName): Promise<TenantRecord | null>;
}
