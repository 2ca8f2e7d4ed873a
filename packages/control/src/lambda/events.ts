import { Resource } from "sst/resource";
import { bootstrapDataLambda } from "./data-lambda";
import { createEventsHandler } from "./events-handler";

/** Lambda "events" (Events.fifo, partial batch responses). Composition runs once per cold start. */
export const handler = createEventsHandler(bootstrapDataLambda("events", process.env, Resource, []).data.events);
