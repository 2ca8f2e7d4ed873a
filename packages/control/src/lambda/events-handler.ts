import { FleetEvent } from "@wharf/contracts";
import {
  applyEvent,
  batchedDispatch,
  fanOut,
  type ApplyDeps,
  type ConnectionStore,
  type DispatchDeps,
  type RealtimeConnectionPoster,
  withBatchReads,
  withDeferredMarkers,
} from "@wharf/core";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { Logger } from "pino";
import { processSqsBatch, type SqsConsumerWiring } from "../sqs/batch";

export interface EventsHandlerDeps extends Omit<ApplyDeps, "publish" | "dispatch"> {
  connections: ConnectionStore;
  /** null when no realtime endpoint is configured: frames are skipped */
  poster: RealtimeConnectionPoster | null;
  webhooks: DispatchDeps;
  logger: Logger;
}

/**
 * The events consumer (Lambda on Events.fifo; locally the SQS poller calls the same
 * function): parse, apply (core applyEvent), report failures per record; a poison event
 * (bad body, non-retryable error) goes to the events DLQ at once. Reads a batch repeats
 * (sessions, connections, webhook endpoints) are made once, its webhook deliveries and jobs
 * stored and sent together after its events, then its applied-event markers written in one
 * batch write, so a steady stream costs a few SDK calls per event.
 */
export function createEventsHandler(
  deps: EventsHandlerDeps,
  consumer: SqsConsumerWiring,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return async (event) => {
    const markers = withDeferredMarkers(deps.events);
    const { apply, warm } = batchApplyDeps({ ...deps, events: markers.events });
    const webhooks = batchedDispatch<string>(apply.webhooks);
    const handled = new Map<string, FleetEvent>();
    const response = await processSqsBatch(
      event.Records,
      FleetEvent,
      async (e, record) => {
        handled.set(record.messageId, e);
        // an inbound message reads no session: its tenant's connections are read beside its write
        warm(e.tenantId);
        // an event a request's command caused hands the request id on to its webhook jobs
        const outcome = await applyEvent(
          { ...apply, dispatch: webhooks.dispatchFor(record.messageId, e.requestId) },
          e,
        );
        const line = {
          eventId: e.id,
          type: e.type,
          tenantId: e.tenantId,
          sessionId: e.sessionId,
          epoch: e.epoch,
          outcome,
        };
        // traced events are few (those an API command caused) and worth following at info
        if (e.requestId) deps.logger.info({ ...line, requestId: e.requestId }, "event applied");
        else deps.logger.debug(line, "event applied");
      },
      { logger: deps.logger, fifo: true, deadLetters: consumer.deadLetters, what: "event" },
    );
    const sent = await webhooks.flush(deps.clock.now());
    if (sent.failed.size > 0)
      deps.logger.error({ err: sent.error, events: sent.failed.size }, "webhook jobs not enqueued; events retried");
    const failed = failedInOrder(event.Records, [
      ...response.batchItemFailures.map((f) => f.itemIdentifier),
      ...sent.failed,
    ]);
    const retried = new Set(
      [...failed].flatMap((id) => {
        const e = handled.get(id);
        return e ? [markerKey(e)] : [];
      }),
    );
    try {
      await markers.flush((m) => retried.has(markerKey({ ...m, id: m.eventId })));
    } catch (err) {
      // the events' effects are done; without markers a redelivery only repeats safe work
      deps.logger.warn({ err, events: event.Records.length }, "applied-event markers not written");
    }
    return {
      batchItemFailures: event.Records.filter((r) => failed.has(r.messageId)).map((r) => ({
        itemIdentifier: r.messageId,
      })),
    };
  };
}

const markerKey = (e: { tenantId: string; sessionId: string; id: string }) => `${e.tenantId}/${e.sessionId}/${e.id}`;

/** Failed records, plus every record behind one in its FIFO group, which must not overtake it. */
function failedInOrder(records: SQSRecord[], failures: string[]): Set<string> {
  const failed = new Set(failures);
  const blocked = new Set<string>();
  for (const r of records) {
    const group = r.attributes.MessageGroupId ?? "";
    if (blocked.has(group)) failed.add(r.messageId);
    else if (failed.has(r.messageId)) blocked.add(group);
  }
  return failed;
}

/** The apply deps for one batch: repeated reads done once (core withBatchReads); `warm` starts a tenant's connection read. */
function batchApplyDeps(deps: EventsHandlerDeps): {
  apply: Omit<ApplyDeps, "dispatch"> & { webhooks: DispatchDeps };
  warm(tenantId: string): void;
} {
  const reads = withBatchReads(
    {
      sessions: deps.sessions,
      projection: deps.projection,
      connections: deps.connections,
      webhooks: deps.webhooks.webhooks,
    },
    { warmConnections: deps.poster ? deps.clock : null },
  );
  const webhooks: DispatchDeps = { ...deps.webhooks, webhooks: reads.webhooks };
  const apply: Omit<ApplyDeps, "dispatch"> & { webhooks: DispatchDeps } = {
    ...deps,
    sessions: reads.sessions,
    projection: reads.projection,
    webhooks,
    publish: async (frame) => {
      if (!deps.poster) return;
      try {
        const report = await fanOut(
          {
            connections: reads.connections,
            poster: deps.poster,
            clock: deps.clock,
            onError: (err, connectionId) => deps.logger.warn({ err, connectionId }, "frame not delivered"),
          },
          frame,
        );
        if (report.gone > 0) deps.logger.debug({ gone: report.gone }, "removed gone connections");
      } catch (err) {
        // frames are hints the dashboard recovers from; never fail the event for one
        deps.logger.warn({ err, frameType: frame.type }, "realtime fan-out failed");
      }
    },
  };
  return { apply, warm: reads.warm };
}
