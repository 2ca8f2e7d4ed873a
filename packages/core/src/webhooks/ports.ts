import type { DeliveryStatus } from "@wharf/contracts";
import type { PageRequest, PageResult } from "../paging";

/** A tenant's endpoint. The signing secret is stored sealed (SecretBox), never in clear. */
export interface WebhookEndpointRecord {
  id: string;
  tenantId: string;
  url: string;
  events: string[];
  /** null = every session */
  sessionIds: string[] | null;
  description: string | null;
  secretSealed: string;
  secretPrefix: string;
  /** paused endpoints get no new deliveries (see dispatch) */
  paused: boolean;
  /** custom headers sent with every delivery (names validated by the contracts); never logged */
  headers: Record<string, string>;
  /** after a rotation: the previous secret, which keeps signing until `previousSecretExpiresAt` */
  previousSecretSealed: string | null;
  previousSecretPrefix: string | null;
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What an edit or a rotation may change on an endpoint. */
export type EndpointPatch = Partial<
  Pick<
    WebhookEndpointRecord,
    | "url"
    | "events"
    | "sessionIds"
    | "description"
    | "paused"
    | "headers"
    | "secretSealed"
    | "secretPrefix"
    | "previousSecretSealed"
    | "previousSecretPrefix"
    | "previousSecretExpiresAt"
  >
> & { updatedAt: string };

/** One event for one endpoint: its attempts, last outcome and the exact body to send. */
export interface WebhookDeliveryRecord {
  id: string;
  tenantId: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  sessionId: string | null;
  status: DeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  /** the JSON body, byte for byte what is signed and POSTed */
  payload: string;
  createdAt: string;
  /**
   * Start of the current retry window. Until the first attempt: when the delivery joined its
   * line (createdAt, or when it was redelivered); from then on: that attempt (backoff
   * retryWindowStart).
   */
  retryFrom: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
}

export type DeliveryOutcomePatch = Pick<
  WebhookDeliveryRecord,
  "status" | "attempts" | "responseStatus" | "error" | "lastAttemptAt" | "nextAttemptAt"
> &
  Partial<Pick<WebhookDeliveryRecord, "retryFrom">>;

export interface WebhookStore {
  createEndpoint(endpoint: WebhookEndpointRecord): Promise<void>;
  getEndpoint(tenantId: string, id: string): Promise<WebhookEndpointRecord | null>;
  /** oldest first */
  listEndpoints(tenantId: string, page: PageRequest): Promise<PageResult<WebhookEndpointRecord>>;
  /** every endpoint of the tenant (dispatch) */
  allEndpoints(tenantId: string): Promise<WebhookEndpointRecord[]>;
  deleteEndpoint(tenantId: string, id: string): Promise<boolean>;
  /** applies the patch to an existing endpoint; null when there is none */
  updateEndpoint(tenantId: string, id: string, patch: EndpointPatch): Promise<WebhookEndpointRecord | null>;

  /** false when a delivery with this id exists (nothing changes) */
  createDelivery(delivery: WebhookDeliveryRecord): Promise<boolean>;
  /** createDelivery for many in as few writes as the store allows: per delivery, whether it was created */
  createDeliveries(deliveries: WebhookDeliveryRecord[]): Promise<boolean[]>;
  getDelivery(tenantId: string, id: string): Promise<WebhookDeliveryRecord | null>;
  /** newest first */
  listDeliveries(tenantId: string, webhookId: string, page: PageRequest): Promise<PageResult<WebhookDeliveryRecord>>;
  /**
   * Marks one attempt as in flight until `lockUntil` if the delivery is pending and nobody
   * else is attempting it; null otherwise (a duplicate job then simply goes away).
   */
  claimAttempt(tenantId: string, id: string, now: Date, lockUntil: Date): Promise<WebhookDeliveryRecord | null>;
  /** records the attempt's outcome and releases the claim */
  finishAttempt(tenantId: string, id: string, patch: DeliveryOutcomePatch): Promise<WebhookDeliveryRecord>;
  /** back to pending with a fresh attempt count, unless it is pending already (null) */
  resetForRedelivery(tenantId: string, id: string, now: Date): Promise<WebhookDeliveryRecord | null>;
}

/** What the Webhooks queue carries: a pointer, the body stays in the delivery record. */
export interface WebhookJob {
  tenantId: string;
  deliveryId: string;
  /** the API request behind the event, for logs and the Wharf-Request-Id header */
  requestId?: string;
  /**
   * ISO time before which the delivery must not be attempted: set on a job sent again to
   * carry a backoff (FIFO queues take no per-message delay); the deliverer waits it out.
   */
  notBefore?: string;
}

/** Symmetric sealing of endpoint secrets at rest (AES-256-GCM adapter in packages/aws). */
export interface SecretBox {
  /** `boundTo` (the endpoint id) is bound into the ciphertext: it opens only for the same id */
  seal(plain: string, boundTo: string): string;
  open(sealed: string, boundTo: string): string;
}

/** Refuses URLs that resolve to private, loopback or link-local addresses (outside local mode). */
export interface UrlGuard {
  /** throws ValidationError (path `field`) when the URL may not be called */
  check(url: string, field: string): Promise<void>;
}

export type TransportResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** One HTTP POST with a timeout; never follows redirects. */
export interface WebhookTransport {
  post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<TransportResult>;
}
