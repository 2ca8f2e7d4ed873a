import { z } from "zod";
import { ApiKeyId, TenantId } from "./ids";

export const ApiKeyName = z.string().trim().min(1).max(100);

export const CreateApiKeyBody = z.object({ name: ApiKeyName }).strict();
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>;

/** An API key as listed: never the secret, only its visible prefix. */
export const ApiKey = z.object({
  id: ApiKeyId,
  tenantId: TenantId,
  name: z.string(),
  prefix: z.string().describe("first characters of the key, for identification"),
  createdAt: z.string().datetime(),
  lastUsedAt: z.string().datetime().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

/** Returned once, at creation: the only time the secret is shown. */
export const CreatedApiKey = ApiKey.extend({ secret: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;
