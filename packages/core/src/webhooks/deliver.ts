import type { Clock } from "../clock";
import { isWharfError } from "../errors";
import { retriesExhausted, retryDelaySeconds, type WebhookRetryPolicy } from "./backoff";
import type { SecretBox, UrlGuard, WebhookJob, WebhookStore, WebhookTransport } from "./ports";
import { SIGNATURE_HEADER, signPayload } from "./signature";

export interface DeliverDeps {
  webhooks: WebhookStore;
  secrets: SecretBox;
  guard: UrlGuard;
  transport: WebhookTransport;
  policy: WebhookRetryPolicy;
  clock: Clock;
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

/**
 * One attempt of one delivery: POST the stored body signed with the endpoint's secret
 * (`Wharf-Signature: t=…,v1=…`), 2xx = delivered. Anything else is retried with backoff
 * until the policy's window has passed, then dead-lettered. Claims make concurrent
 * duplicates of a job harmless: only one attempt per delivery is ever in flight.
 */
export async function deliverWebhook(deps: DeliverDeps, job: WebhookJob): Promise<DeliverOutcome> {
  const now = deps.clock.now();
  const lockUntil = new Date(now.getTime() + deps.policy.timeoutMs + 20_000);
  const delivery = await deps.webhooks.claimAttempt(job.tenantId, job.deliveryId, now, lockUntil);
  if (!delivery) return { kind: "skipped", reason: "not pending, or another attempt is in flight" };
  const attempts = delivery.attempts + 1;
  const finish = (patch: Partial<Parameters<WebhookStore["finishAttempt"]>[2]>) =>
    deps.webhooks.finishAttempt(job.tenantId, delivery.id, {
      status: "pending",
      attempts,
      responseStatus: null,
      error: null,
      lastAttemptAt: now.toISOString(),
      nextAttemptAt: null,
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

  const signedAt = Math.floor(deps.clock.now().getTime() / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": deps.userAgent ?? "Wharf-Webhooks/1",
    [SIGNATURE_HEADER.toLowerCase()]: signPayload(deps.secrets.open(endpoint.secretSealed), delivery.payload, signedAt),
    "wharf-event-id": delivery.eventId,
    "wharf-event-type": delivery.eventType,
    "wharf-delivery-id": delivery.id,
  };
  const result = await deps.transport.post(endpoint.url, delivery.payload, headers, deps.policy.timeoutMs);
  if (result.ok) {
    await finish({ status: "succeeded", responseStatus: result.status });
    return { kind: "delivered", status: result.status };
  }
  const error = result.error.slice(0, MAX_ERROR_LENGTH);
  const after = deps.clock.now();
  if (retriesExhausted(delivery.retryFrom, after, deps.policy)) {
    await finish({ status: "dead", responseStatus: result.status, error });
    return { kind: "dead", reason: error };
  }
  const retryInSeconds = retryDelaySeconds(attempts, deps.policy, deps.random);
  await finish({ responseStatus: result.status, error, nextAttemptAt: new Date(after.getTime() + retryInSeconds * 1000).toISOString() });
  return { kind: "retry", retryInSeconds };
}
