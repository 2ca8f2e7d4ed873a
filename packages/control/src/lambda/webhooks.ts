import { Resource } from "sst/resource";
import { bootstrapDataLambda } from "./data-lambda";
import { createWebhooksHandler } from "./webhooks-handler";

/** Lambda "webhooks" (Webhooks queue, partial batch responses). Composition runs once per cold start. */
export const handler = createWebhooksHandler(bootstrapDataLambda("webhooks", process.env, Resource, []).data.webhooks);
