import { lambdaMetrics, meterSqsBatch } from "@wharf/aws";
import { METRICS } from "@wharf/core";
import { Resource } from "sst/resource";
import { bootstrapDataLambda, managementClientFor } from "./data-lambda";
import { createEventsHandler } from "./events-handler";

/**
 * Lambda "events" (Events.fifo, partial batch responses). Composition runs once per cold
 * start; this is the one Lambda that fans frames out, so the one with a management client.
 */
const { data, config, deadLettersTo } = bootstrapDataLambda("events", process.env, Resource, [], (runtime) =>
  managementClientFor(runtime, process.env, Resource),
);
export const handler = meterSqsBatch(
  lambdaMetrics("events", process.env),
  createEventsHandler(data.events, deadLettersTo(config.queues.eventsDlqUrl)),
  // SentTimestamp is when the fleet sent the event: its age here is the fleet → events lag
  { lagMetric: METRICS.eventLag },
);
