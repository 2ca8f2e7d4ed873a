import { SqsDeadLetterSink, type SqsClient } from "@wharf/aws";
import { createEventsHandler, createWebhooksHandler, type composeDataPath } from "@wharf/control";
import type { Logger } from "pino";
import type { LocalQueueUrls } from "../local-queues";
import { startSqsPoller } from "./sqs-poller";

export interface EventSourceMappingsOptions {
  /** the pollers' own client: on AWS their receives and deletes are Lambda's, so they are counted apart */
  eventSource: SqsClient;
  /** the runtime's client, for the dead-letter queues (the handlers' own sends) */
  sqs: SqsClient;
  queues: LocalQueueUrls;
  data: Pick<ReturnType<typeof composeDataPath>, "events" | "webhooks">;
  logger: Logger;
  region: string;
  concurrency: number;
}

/**
 * The Lambda event source mappings, locally: Events.fifo → events handler, Webhooks →
 * deliverer. Poison messages go straight to their queue's DLQ (the Lambdas get the same from
 * config). Returns the pollers' stops, in starting order.
 */
export function startEventSourceMappings(
  opts: EventSourceMappingsOptions,
): Array<{ name: string; stop: () => Promise<void> }> {
  const { eventSource, sqs, queues, data, logger, region, concurrency } = opts;
  const dlq = (queueUrl: string) => ({ deadLetters: new SqsDeadLetterSink({ client: sqs, queueUrl }) });
  const poll = (queueUrl: string, handler: Parameters<typeof startSqsPoller>[0]["handler"]) =>
    startSqsPoller({ sqs: eventSource, queueUrl, handler, logger, region, concurrency });
  const events = poll(queues.events, createEventsHandler(data.events, dlq(queues.eventsDlq)));
  const webhooks = poll(queues.webhooks, createWebhooksHandler(data.webhooks, dlq(queues.webhooksDlq)));
  return [
    { name: "events-poller", stop: events.stop },
    { name: "webhooks-poller", stop: webhooks.stop },
  ];
}
