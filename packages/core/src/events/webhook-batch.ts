import type { WebhookPayload } from "@wharf/contracts";
import { type DispatchDeps, type DispatchItem, prepareDeliveries, type QueuedJob } from "../webhooks/dispatch";

/** SQS's SendMessageBatch limit. */
const JOBS_PER_SEND = 10;

export interface BatchedDispatch<K> {
  /** the dispatch of one event's payloads; `owner` names the event (its SQS record) */
  dispatchFor(owner: K, requestId?: string): (payload: WebhookPayload) => Promise<void>;
  /**
   * Stores the deliveries of every payload collected and enqueues their jobs, in the order the
   * payloads came. Answers the owners whose jobs did not all go out: their events must be
   * retried (and not marked applied); never throws.
   */
  flush(now: Date): Promise<{ failed: Set<K>; error: unknown }>;
}

/**
 * Webhook dispatch for a whole events batch: deliveries in one conditional write, jobs in one
 * SendMessageBatch per 10, instead of a write and a send per event. A job goes out only after
 * its delivery is stored, as with one event at a time. Sending stops at the first failed send,
 * so no job overtakes an earlier one of its line (job-order); the events behind it are retried.
 */
export function batchedDispatch<K>(deps: DispatchDeps): BatchedDispatch<K> {
  const pending: Array<DispatchItem & { owner: K }> = [];
  return {
    dispatchFor: (owner, requestId) => async (payload) => {
      pending.push({ owner, payload, requestId });
    },
    async flush(now) {
      const items = pending.splice(0);
      const failed = new Set<K>();
      if (items.length === 0) return { failed, error: null };
      let jobs: QueuedJob[][];
      try {
        jobs = await prepareDeliveries(deps.webhooks, items, now);
      } catch (error) {
        for (const item of items) failed.add(item.owner);
        return { failed, error };
      }
      const queued = items.flatMap((item, i) => (jobs[i] ?? []).map((job) => ({ owner: item.owner, job })));
      for (let at = 0; at < queued.length; at += JOBS_PER_SEND) {
        const chunk = queued.slice(at, at + JOBS_PER_SEND);
        try {
          await deps.queue.sendBatch(chunk.map((q) => q.job));
        } catch (error) {
          for (const q of queued.slice(at)) failed.add(q.owner);
          return { failed, error };
        }
      }
      return { failed, error: null };
    },
  };
}
