import { z } from "zod";
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
