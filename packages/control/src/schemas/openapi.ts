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
import { errorResponsesForCodes } from "../http/route-errors";

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

/**
 * Error responses a route declares because of what its handler does (e.g. conflict,
 * invalid_state, rate_limited), keyed by status through the one mapping. The statuses every
 * route gets from what it is (400, 401, 403, 404, 413, 415, 500) are added to the document
 * in one place, from facts about the route (http/route-errors.ts); routes do not list them.
 */
export function errorResponses(...codes: HandlerErrorCode[]) {
  return errorResponsesForCodes(codes, ErrorBodySchema);
}
/** Codes a handler may answer with that the route's facts do not imply. */
export type HandlerErrorCode =
  | "conflict"
  | "forbidden"
  | "invalid_state"
  | "rate_limited"
  | "unavailable"
  | "media_too_large";

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } } as const;
}

export function jsonResponse<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { "application/json": { schema } } } as const;
}
