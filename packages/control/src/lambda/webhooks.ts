import { Resource } from "sst/resource";
import { bootstrapDataLambda } from "./data-lambda";
import { createWebhooksHandler } from "./webhooks-handler";

/** Lambda "webhooks" (Webhooks queue, partial batch responses). Composition runs once per cold start. */
const { data, config, deadLettersTo } = bootstrapDataLambda("webhooks", process.env, Resource, []);
export const handler = createWebhooksHandler(data.webhooks, deadLettersTo(config.queues.webhooksDlqUrl));
