import { lambdaMetrics, meterSqsBatch } from "@wharf/aws";
import { METRICS } from "@wharf/core";
import { Resource } from "sst/resource";
import { bootstrapDataLambda } from "./data-lambda";
import { createWebhooksHandler } from "./webhooks-handler";

/** Lambda "webhooks" (Webhooks queue, partial batch responses). Composition runs once per cold start. */
const { data, config, deadLettersTo } = bootstrapDataLambda("webhooks", process.env, Resource, []);
export const handler = meterSqsBatch(
  lambdaMetrics("webhooks", process.env),
  createWebhooksHandler(data.webhooks, deadLettersTo(config.queues.webhooksDlqUrl)),
  // a failed attempt is reported as a batch failure (retried after its backoff)
  { failureMetric: METRICS.webhookFailures },
);
