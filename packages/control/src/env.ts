import type { ErrorCode } from "@wharf/contracts";
import type {
  AuditRider,
  DeferredMessageCount,
  ApiKeyStore,
  AuditLogStore,
  BlobStore,
  KeyAccess,
  Metrics,
  AuthStateEraser,
  Clock,
  CommandRouter,
  ContactStore,
  GroupStore,
  FleetViewSource,
  IdempotencyStore,
  MediaStore,
  MessageStore,
  OperationStore,
  PacingLedger,
  QueueSender,
  SecretBox,
  SessionLinkStore,
  SessionStore,
  TenantEventStore,
  TenantStore,
  UrlGuard,
  WebhookJob,
  WebhookStore,
} from "@wharf/core";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { LimitsDeps } from "./http/rate-limit";

/** Everything the HTTP app needs, built once by the entry point (Lambda or local runtime). */
export interface AppDeps {
  repos: { tenants: TenantStore; apiKeys: ApiKeyStore; sessions: SessionStore; audit: AuditLogStore };
  /** how long audit entries are kept (default DEFAULT_AUDIT_RETENTION_DAYS, 90) */
  auditRetentionDays?: number;
  /** where the app records metrics (failed audit writes); none when absent */
  metrics?: Metrics;
  clock: Clock;
  /** hex SHA-256 of the platform admin key; the key itself never reaches the app */
  adminKeyHash: string;
  logger: Logger;
  version: string;
  /** the data path: session control, messaging, webhooks, realtime tokens, fleet view */
  data: DataPathDeps;
  /**
   * Routes the hosting runtime adds (the local runtime's sim-mode `/v1/demo`). They share the
   * app's middleware, validation hook, error mapping and OpenAPI document; control itself
   * never knows what they are.
   */
  extraRoutes?: (app: OpenAPIHono<AppEnv>, kit: ExtraRouteKit) => void;
}

/** What extra routes get to behave like built-in ones. */
export interface ExtraRouteKit {
  /** tenant-key authentication: puts tenantId/keyId on the context */
  requireTenant: MiddlewareHandler<TenantEnv>;
  /** OpenAPI security requirement of tenant routes */
  tenantSecurity: Array<Record<string, string[]>>;
}

/** What the data-path routes need: session control, messaging, webhooks, event log, realtime, fleet view. */
export interface DataPathDeps {
  messages: MessageStore;
  contacts: ContactStore;
  /** groups' stored metadata (`GET /v1/sessions/{id}/groups`) */
  groups: GroupStore;
  links: SessionLinkStore;
  idempotency: IdempotencyStore;
  pacing: PacingLedger;
  webhooks: WebhookStore;
  authState: AuthStateEraser;
  fleet: FleetViewSource;
  commands: CommandRouter;
  webhookQueue: QueueSender<WebhookJob>;
  secrets: SecretBox;
  /** SSRF guard for webhook URLs (allows private targets only in the local runtime) */
  urlGuard: UrlGuard;
  /** the tenant's event log (`GET /v1/events`) */
  eventLog: TenantEventStore;
  /** session operations' records (contacts, profile, groups): the verbs wait on them */
  operations: OperationStore;
  /** how long an operation verb waits for WhatsApp's answer before 202 (default 10 s) */
  operationWaitMs?: number;
  /** after this, a pending operation is failed with operation_timeout (default 60 s) */
  operationTimeoutMs?: number;
  /** media uploads and the media bucket; absent, media routes and media sends answer 503 */
  media?: {
    store: MediaStore;
    blobs: BlobStore;
    /** only the local runtime: media URLs may name this machine (the worker's guard still runs) */
    allowPrivateUrls?: boolean;
  };
  /** request rates, quotas and failed-auth throttling; absent, nothing is limited */
  limits?: LimitsDeps;
  realtime: {
    /** HMAC key of realtime tokens (WHARF_TOKEN_KEY) */
    tokenKey: string;
    tokenTtlSeconds: number;
    /** wss:// URL returned with each token */
    url: string | null;
    /** after a key is revoked: closes the realtime connections its tokens opened */
    closeKeyConnections: (tenantId: string, keyId: string) => Promise<{ closed: number; failed: number }>;
  };
}

/** Per-request values every route can read. */
export interface AppVariables {
  requestId: string;
  /** child of deps.logger carrying requestId (and tenantId once authenticated) */
  logger: Logger;
  /** set when the response is an error, so the access line says which */
  errorCode?: ErrorCode;
  /** who is calling, once authenticated (the audit trail's actor) */
  principal?: Principal;
  /** the matched operation, once authenticated: its table key and the `{id}` of its path */
  operation?: { key: string; method: string; routePath: string; pathId: string | null };
  /** a send's audit entry, written with its accept when the ledger can (http/audit-trail.ts) */
  acceptAudit?: AcceptAudit;
}

/** An audit entry made before the answer, and whether a store wrote it already. */
export type AcceptAudit = { rider: AuditRider; written: boolean };

/** An authenticated caller: one of a tenant's keys, or the platform admin. */
export type Principal = { type: "api_key"; tenantId: string; keyId: string; access: KeyAccess } | { type: "admin" };

export type AppEnv = { Variables: AppVariables };

/** What tenant authentication adds to the context. */
export type TenantEnv = {
  Variables: AppVariables & {
    tenantId: string;
    keyId: string;
    access: KeyAccess;
    /** a send's message count for the day, which the send takes (http/rate-limit-quotas.ts) */
    messageCount?: DeferredMessageCount;
  };
};
