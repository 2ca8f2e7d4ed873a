import { z } from "zod";
import { CreatedApiKey as CreatedApiKeyRef } from "./api-keys";
import { TenantId } from "./ids";

export const TenantName = z.string().trim().min(1).max(100);

export const CreateTenantBody = z.object({ name: TenantName }).strict();
export type CreateTenantBody = z.infer<typeof CreateTenantBody>;

export const Tenant = z.object({
  id: TenantId,
  name: z.string(),
  createdAt: z.string().datetime(),
});
export type Tenant = z.infer<typeof Tenant>;

/**
 * `POST /v1/tenants` answers with the tenant and its first API key, whose secret is shown
 * only in this response (the tenant then manages further keys itself).
 */
export const CreatedTenant = z.object({ tenant: Tenant, apiKey: CreatedApiKeyRef });
export type CreatedTenant = z.infer<typeof CreatedTenant>;
