import { FleetEvent } from "@wharf/contracts";
import {
  applyEvent,
  dispatchWebhooks,
  fanOut,
  type ApplyDeps,
  type ConnectionStore,
  type DispatchDeps,
  type RealtimeConnectionPoster,
  withBatchReads,
  withDeferredMarkers,
} from "@wharf/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
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
 * (session, connections, webhook endpoints) are made once and its applied-event markers
 * written together at its end, so a steady stream costs a few SDK calls per event.
 */
export function createEventsHandler(
  deps: EventsHandlerDeps,
  consumer: SqsConsumerWiring,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return async (event) => {
    const markers = withDeferredMarkers(deps.events);
    const apply = batchApplyDeps({ ...deps, events: markers.events });
    const response = await processSqsBatch(
      event.Records,
      FleetEvent,
      async (e) => {
        // an event a request's command caused hands the request id on to its webhook jobs
        const traced: ApplyDeps = e.requestId
          ? {
              ...apply,
              dispatch: async (p) => void (await dispatchWebhooks(apply.webhooks, p, deps.clock.now(), e.requestId)),
            }
          : apply;
        const outcome = await applyEvent(traced, e);
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
    try {
      await markers.flush();
    } catch (err) {
      // the events' effects are done; without markers a redelivery only repeats safe work
      deps.logger.warn({ err, events: event.Records.length }, "applied-event markers not written");
    }
    return response;
  };
}

/** The apply deps for one batch: repeated reads done once (core withBatchReads). */
function batchApplyDeps(deps: EventsHandlerDeps): ApplyDeps & { webhooks: DispatchDeps } {
  const reads = withBatchReads({
    sessions: deps.sessions,
    projection: deps.projection,
    connections: deps.connections,
    webhooks: deps.webhooks.webhooks,
  });
  const webhooks: DispatchDeps = { ...deps.webhooks, webhooks: reads.webhooks };
  return {
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
    dispatch: async (payload) => {
      await dispatchWebhooks(webhooks, payload, deps.clock.now());
    },
  };
}
