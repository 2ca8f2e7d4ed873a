import { z } from "zod";
import { CreatedApiKey as CreatedApiKeyRef } from "./api-keys";
import { TenantId } from "./ids";

export const TenantName = z.string().trim().min(1).max(100);

export const CreateTenantBody = z.object({ name: TenantName }).strict();
export type CreateTenantBody = z.infer<typeof CreateTenantBody>;

/** Plans the platform admin assigns; each sets request rates and quotas (core/src/limits/plans.ts). */
export const PLAN_NAMES = ["free", "pro", "enterprise"] as const;
export const PlanName = z.enum(PLAN_NAMES);
export type PlanName = z.infer<typeof PlanName>;

/** `PATCH /v1/tenants/{id}` (admin key only). */
export const UpdateTenantBody = z.object({ plan: PlanName }).strict();
export type UpdateTenantBody = z.infer<typeof UpdateTenantBody>;

export const Tenant = z.object({
  id: TenantId,
  name: z.string(),
  createdAt: z.string().datetime(),
  /** the plan in force: the assigned one, else the platform's default plan */
  plan: PlanName.optional(),
});
export type Tenant = z.infer<typeof Tenant>;

/**
 * `POST /v1/tenants` answers with the tenant and its first API key, whose secret is shown
 * only in this response (the tenant then manages further keys itself).
 */
export const CreatedTenant = z.object({ tenant: Tenant, apiKey: CreatedApiKeyRef });
export type CreatedTenant = z.infer<typeof CreatedTenant>;
