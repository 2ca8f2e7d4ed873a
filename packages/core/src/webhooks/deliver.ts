import type { Clock } from "../clock";
import { isWharfError } from "../errors";
import { webhookFailedEntry } from "../event-log/entries";
import type { TenantEventStore } from "../event-log/ports";
import {
  pausedWaitSeconds,
  retriesExhausted,
  retryDelaySeconds,
  retryWindowStart,
  SQS_MAX_VISIBILITY_SECONDS,
  type WebhookRetryPolicy,
} from "./backoff";
import type { SecretBox, UrlGuard, WebhookDeliveryRecord, WebhookJob, WebhookStore, WebhookTransport } from "./ports";
import { signingSecrets } from "./endpoints";
import { SIGNATURE_HEADER, signPayload } from "./signature";

export interface DeliverDeps {
  webhooks: WebhookStore;
  secrets: SecretBox;
  guard: UrlGuard;
  transport: WebhookTransport;
  policy: WebhookRetryPolicy;
  clock: Clock;
  /** the tenant's event log: first failure and dead-lettering of each delivery */
  eventLog: TenantEventStore;
  random?: () => number;
  userAgent?: string;
}

/**
 * - delivered / dead / skipped: the job is finished (delete it from the queue)
 * - retry: leave it, visible again in `retryInSeconds` (the backoff)
 */
export type DeliverOutcome =
  | { kind: "delivered"; status: number }
  | { kind: "retry"; retryInSeconds: number }
  | { kind: "dead"; reason: string }
  | { kind: "skipped"; reason: string };

const MAX_ERROR_LENGTH = 300;

/** The API request whose command caused the event (a send, a connect…), when there is one. */
export const REQUEST_ID_WEBHOOK_HEADER = "wharf-request-id";

/**
 * One attempt of one delivery: POST the stored body signed with the endpoint's secret
 * (`Wharf-Signature: t=…,v1=…`), 2xx = delivered. Anything else is retried with backoff
 * until the policy's window has passed, then dead-lettered. Claims make concurrent
 * duplicates of a job harmless: only one attempt per delivery is ever in flight.
 */
export async function deliverWebhook(deps: DeliverDeps, job: WebhookJob): Promise<DeliverOutcome> {
  const now = deps.clock.now();
  // a job sent again before its backoff ended (see WebhookJob.notBefore) waits it out first
  const early = job.notBefore ? Math.ceil((Date.parse(job.notBefore) - now.getTime()) / 1000) : 0;
  if (early > 0) return { kind: "retry", retryInSeconds: Math.min(early, SQS_MAX_VISIBILITY_SECONDS) };
  const lockUntil = new Date(now.getTime() + deps.policy.timeoutMs + 20_000);
  const delivery = await deps.webhooks.claimAttempt(job.tenantId, job.deliveryId, now, lockUntil);
  if (!delivery) return { kind: "skipped", reason: "not pending, or another attempt is in flight" };
  const attempts = delivery.attempts + 1;
  // the first attempt starts the retry window: waiting in line behind earlier deliveries
  // does not count (within lineWaitSeconds)
  const retryFrom =
    delivery.attempts === 0 ? retryWindowStart(delivery.retryFrom, now, deps.policy) : delivery.retryFrom;
  const finish = (patch: Partial<Parameters<WebhookStore["finishAttempt"]>[2]>) =>
    deps.webhooks.finishAttempt(job.tenantId, delivery.id, {
      status: "pending",
      attempts,
      responseStatus: null,
      error: null,
      lastAttemptAt: now.toISOString(),
      nextAttemptAt: null,
      ...(patch.attempts === delivery.attempts ? {} : { retryFrom }),
      ...patch,
    });

  const endpoint = await deps.webhooks.getEndpoint(job.tenantId, delivery.webhookId);
  if (!endpoint) {
    await finish({ status: "dead", error: "the webhook was deleted" });
    return { kind: "dead", reason: "endpoint deleted" };
  }
  try {
    await deps.guard.check(endpoint.url, "url");
  } catch (err) {
    const reason = isWharfError(err) ? err.message : "the URL may not be called";
    await finish({ status: "dead", error: reason.slice(0, MAX_ERROR_LENGTH) });
    return { kind: "dead", reason };
  }

  if (endpoint.paused) {
    // Not an attempt: nothing is POSTed while paused; the delivery waits (within its retry window).
    const after = deps.clock.now();
    if (retriesExhausted(delivery.retryFrom, after, deps.policy)) {
      await finish({
        status: "dead",
        attempts: delivery.attempts,
        error: "the webhook stayed paused past the retry window",
      });
      return { kind: "dead", reason: "paused past the retry window" };
    }
    const retryInSeconds = pausedWaitSeconds(delivery.retryFrom, after, deps.policy);
    await finish({
      attempts: delivery.attempts,
      error: "the webhook is paused",
      nextAttemptAt: new Date(after.getTime() + retryInSeconds * 1000).toISOString(),
    });
    return { kind: "retry", retryInSeconds };
  }

  const signNow = deps.clock.now();
  const signedAt = Math.floor(signNow.getTime() / 1000);
  // custom headers first: Wharf's own names are reserved (contracts) and win regardless
  const headers = {
    ...endpoint.headers,
    "content-type": "application/json",
    "user-agent": deps.userAgent ?? "Wharf-Webhooks/1",
    [SIGNATURE_HEADER.toLowerCase()]: signPayload(
      signingSecrets(endpoint, deps.secrets, signNow),
      delivery.payload,
      signedAt,
    ),
    "wharf-event-id": delivery.eventId,
    "wharf-event-type": delivery.eventType,
    "wharf-delivery-id": delivery.id,
    ...(job.requestId ? { [REQUEST_ID_WEBHOOK_HEADER]: job.requestId } : {}),
  };
  const result = await deps.transport.post(endpoint.url, delivery.payload, headers, deps.policy.timeoutMs);
  if (result.ok) {
    await finish({ status: "succeeded", responseStatus: result.status });
    return { kind: "delivered", status: result.status };
  }
  const error = result.error.slice(0, MAX_ERROR_LENGTH);
  const after = deps.clock.now();
  if (retriesExhausted(retryFrom, after, deps.policy)) {
    await finish({ status: "dead", responseStatus: result.status, error });
    await logFailure(deps, delivery, { attempts, responseStatus: result.status, error, dead: true, at: after });
    return { kind: "dead", reason: error };
  }
  const retryInSeconds = retryDelaySeconds(attempts, deps.policy, deps.random);
  await finish({
    responseStatus: result.status,
    error,
    nextAttemptAt: new Date(after.getTime() + retryInSeconds * 1000).toISOString(),
  });
  if (attempts === 1)
    await logFailure(deps, delivery, { attempts, responseStatus: result.status, error, dead: false, at: after });
  return { kind: "retry", retryInSeconds };
}

/**
 * The event log is a convenience view: once the attempt's outcome is stored, failing to log
 * it must not fail the job (a retried job would POST again before its backoff).
 */
async function logFailure(
  deps: Pick<DeliverDeps, "eventLog">,
  delivery: WebhookDeliveryRecord,
  attempt: Parameters<typeof webhookFailedEntry>[1],
): Promise<void> {
  try {
    await deps.eventLog.append(delivery.tenantId, webhookFailedEntry(delivery, attempt));
  } catch {
    // best effort by design (see above)
  }
}

/**
 * A job that is about to be dead-lettered by its queue (a poison job, or its last receive)
 * leaves its delivery `dead` with the reason, visible and redeliverable from the API, never
 * `pending` with no job behind it. False when the delivery is not pending (nothing to do).
 */
export async function abandonDelivery(
  deps: Pick<DeliverDeps, "webhooks" | "clock" | "eventLog">,
  job: WebhookJob,
  reason: string,
): Promise<boolean> {
  const delivery = await deps.webhooks.getDelivery(job.tenantId, job.deliveryId);
  if (delivery?.status !== "pending") return false;
  const now = deps.clock.now();
  const error = reason.slice(0, MAX_ERROR_LENGTH);
  await deps.webhooks.finishAttempt(job.tenantId, delivery.id, {
    status: "dead",
    attempts: delivery.attempts,
    responseStatus: delivery.responseStatus,
    error,
    lastAttemptAt: delivery.lastAttemptAt ?? now.toISOString(),
    nextAttemptAt: null,
  });
  await logFailure(deps, delivery, {
    attempts: delivery.attempts,
    responseStatus: delivery.responseStatus,
    error,
    dead: true,
    at: now,
  });
  return true;
}
