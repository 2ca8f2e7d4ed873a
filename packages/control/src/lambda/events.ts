import { Resource } from "sst/resource";
import { bootstrapDataLambda } from "./data-lambda";
import { createEventsHandler } from "./events-handler";

/** Lambda "events" (Events.fifo, partial batch responses). Composition runs once per cold start. */
const { data, config, deadLettersTo } = bootstrapDataLambda("events", process.env, Resource, []);
export const handler = createEventsHandler(data.events, deadLettersTo(config.queues.eventsDlqUrl));
