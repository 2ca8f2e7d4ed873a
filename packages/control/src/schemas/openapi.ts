import "@hono/zod-openapi"; // installs `.openapi()` on zod schemas
import {
  ApiKey,
  ApiKeyId,
  CreateApiKeyBody,
  CreateSessionBody,
  CreateTenantBody,
  CreatedApiKey,
  CreatedTenant,
  ErrorBody,
  HealthBody,
  PageQuery,
  Session,
  SessionId,
  Tenant,
  TenantId,
  UpdateSessionBody,
  pageOf,
} from "@wharf/contracts";
import { z } from "zod";

/**
 * `.openapi()` only exists on schemas built after @hono/zod-openapi loaded, and the contracts'
 * schemas may predate it (import order is the importer's business), so name a fresh clone.
 */
function named<T extends z.ZodType>(schema: T, refId: string): T {
  return schema.clone().openapi(refId);
}

function pathParam<T extends z.ZodType>(schema: T, example: string): T {
  return schema.clone().openapi({ param: { name: "id", in: "path" }, example });
}

/**
 * The contracts' schemas, named for the OpenAPI document. Naming makes them `$ref`ed
 * components instead of being inlined in every operation. Nothing here changes validation.
 */
export const TenantSchema = named(Tenant, "Tenant");
export const CreateTenantBodySchema = named(CreateTenantBody, "CreateTenantBody");
export const CreatedTenantSchema = named(CreatedTenant, "CreatedTenant");
export const TenantPageSchema = named(pageOf(TenantSchema), "TenantPage");

export const ApiKeySchema = named(ApiKey, "ApiKey");
export const CreateApiKeyBodySchema = named(CreateApiKeyBody, "CreateApiKeyBody");
export const CreatedApiKeySchema = named(CreatedApiKey, "CreatedApiKey");
export const ApiKeyPageSchema = named(pageOf(ApiKeySchema), "ApiKeyPage");

export const SessionSchema = named(Session, "Session");
export const CreateSessionBodySchema = named(CreateSessionBody, "CreateSessionBody");
export const UpdateSessionBodySchema = named(UpdateSessionBody, "UpdateSessionBody");
export const SessionPageSchema = named(pageOf(SessionSchema), "SessionPage");

export const HealthBodySchema = named(HealthBody, "Health");
export const ErrorBodySchema = named(ErrorBody, "Error");

export const PageQuerySchema = PageQuery;

export const TenantIdParams = z.object({ id: pathParam(TenantId, "ten_01JD0000000000000000000000") });
export const ApiKeyIdParams = z.object({ id: pathParam(ApiKeyId, "key_01JD0000000000000000000000") });
export const SessionIdParams = z.object({ id: pathParam(SessionId, "ses_01JD0000000000000000000000") });

/** Security scheme names used by the routes and registered on the document. */
export const ADMIN_SECURITY = [{ adminKey: [] }];
export const TENANT_SECURITY = [{ tenantKey: [] }];

const ERROR_DESCRIPTIONS = {
  400: "validation_failed: invalid body, query or path parameter (see error.details)",
  401: "unauthorized: missing, malformed or unknown API key",
  403: "forbidden: the key is valid but may not use this route",
  404: "not_found: no such resource for this tenant",
  409: "conflict: a concurrent change won; retry with fresh data",
  413: "payload_too_large: request body over the limit",
  415: "unsupported_media_type: body is not application/json",
  429: "rate_limited: the session's pacing is exhausted; retry after Retry-After seconds",
} as const;
export type DocumentedErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** Error responses for a route's OpenAPI entry, all with the one ErrorBody shape. */
export function errorResponses<S extends DocumentedErrorStatus>(...statuses: S[]) {
  const out = {} as Record<S, { description: string; content: { "application/json": { schema: typeof ErrorBodySchema } } }>;
  for (const s of statuses) {
    out[s] = { description: ERROR_DESCRIPTIONS[s], content: { "application/json": { schema: ErrorBodySchema } } };
  }
  return out;
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } } as const;
}

export function jsonResponse<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { "application/json": { schema } } } as const;
}
