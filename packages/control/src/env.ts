import type { ErrorCode } from "@wharf/contracts";
import type { ApiKeyRepository, Clock, SessionRepository, TenantRepository } from "@wharf/core";
import type { Logger } from "pino";

/** Everything the HTTP app needs, built once by the entry point (Lambda or local runtime). */
export interface AppDeps {
  repos: { tenants: TenantRepository; apiKeys: ApiKeyRepository; sessions: SessionRepository };
  clock: Clock;
  /** hex SHA-256 of the platform admin key; the key itself never reaches the app */
  adminKeyHash: string;
  logger: Logger;
  version: string;
}

/** Per-request values every route can read. */
export interface AppVariables {
  requestId: string;
  /** child of deps.logger carrying requestId (and tenantId once authenticated) */
  logger: Logger;
  /** set when the response is an error, so the access line says which */
  errorCode?: ErrorCode;
}

export type AppEnv = { Variables: AppVariables };

/** What tenant authentication adds to the context. */
export type TenantEnv = { Variables: AppVariables & { tenantId: string; keyId: string } };
