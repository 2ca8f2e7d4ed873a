import {
  LOCAL_CREDENTIALS,
  createManagementClient,
  createSqsClient,
  loadDataPathSettings,
  SqsDeadLetterSink,
  type ManagementClient,
  type RealtimeLink,
  type RequiredSetting,
} from "@wharf/aws";
import { lazyS3BlobStore } from "@wharf/aws/media/lazy";
import { systemClock } from "@wharf/core";
import { composeDataPath } from "../compose";
import type { SqsConsumerWiring } from "../sqs/batch";
import { bootstrapLambda, DATA_PATH_SETTINGS, type LambdaRuntime } from "./bootstrap";

export { DATA_PATH_SETTINGS } from "./bootstrap";

function realtimeLink(resource: object | undefined): RealtimeLink | undefined {
  if (!resource || !("Realtime" in resource)) return undefined;
  const r = (resource as { Realtime?: Partial<RealtimeLink> }).Realtime;
  return r?.url && r.managementEndpoint ? { url: r.url, managementEndpoint: r.managementEndpoint } : undefined;
}

/** The SST link `MediaBucket` (the media bucket), when this Lambda links it. */
function mediaLink(resource: object | undefined): { name: string } | undefined {
  if (!resource || !("MediaBucket" in resource)) return undefined;
  const name = (resource as { MediaBucket?: { name?: string } }).MediaBucket?.name;
  return name ? { name } : undefined;
}

/**
 * The API Gateway management client that fans frames out to WebSocket connections. Only
 * the events Lambda posts frames, so only it builds one (and bundles its SDK client).
 */
export function managementClientFor(
  runtime: LambdaRuntime,
  env: Record<string, string | undefined>,
  resource: object | undefined,
): ManagementClient | null {
  const settings = loadDataPathSettings(env, realtimeLink(resource));
  const management = settings.realtimeManagementUrl
    ? createManagementClient({ endpoint: settings.realtimeManagementUrl, region: runtime.config.region })
    : null;
  if (!management) runtime.logger.warn("no realtime management endpoint configured: frames are not fanned out");
  return management;
}

/**
 * Cold-start composition of the data path for a Lambda: config validated once, AWS clients
 * built once, then the same composeDataPath the local runtime uses. `management` is the
 * fan-out client, for the one Lambda that posts frames (events); the others pass null.
 */
export function bootstrapDataLambda(
  fn: string,
  env: Record<string, string | undefined>,
  resource: object | undefined,
  require: RequiredSetting[],
  management: (runtime: LambdaRuntime) => ManagementClient | null = () => null,
): LambdaRuntime & {
  data: ReturnType<typeof composeDataPath>;
  deadLettersTo: (dlqUrl: string | null) => SqsConsumerWiring;
} {
  const runtime = bootstrapLambda(fn, env, resource, [...new Set([...require, ...DATA_PATH_SETTINGS])]);
  const sqs = sqsClientFor(runtime, env);
  const deadLettersTo = (dlqUrl: string | null): SqsConsumerWiring => {
    if (!dlqUrl)
      runtime.logger.warn("no DLQ configured: poison messages are retried until the queue's redrive moves them");
    return { deadLetters: dlqUrl ? new SqsDeadLetterSink({ client: sqs, queueUrl: dlqUrl }) : null };
  };
  return { ...runtime, data: composeForLambda(runtime, env, resource, sqs, management(runtime)), deadLettersTo };
}

function sqsClientFor(runtime: LambdaRuntime, env: Record<string, string | undefined>) {
  const { config } = runtime;
  const endpoint = config.endpoints.sqs;
  return createSqsClient({
    region: config.region,
    endpoint: endpoint ?? undefined,
    credentials: endpoint && !env.AWS_ACCESS_KEY_ID ? LOCAL_CREDENTIALS : undefined,
  });
}

/** The data path over a bootstrapped runtime whose config holds DATA_PATH_SETTINGS. */
export function composeForLambda(
  runtime: LambdaRuntime,
  env: Record<string, string | undefined>,
  resource: object | undefined,
  sqs = sqsClientFor(runtime, env),
  management: ManagementClient | null = null,
): ReturnType<typeof composeDataPath> {
  const { config, logger, doc } = runtime;
  const settings = loadDataPathSettings(env, realtimeLink(resource), mediaLink(resource));
  // S3 loads on the first media call: most requests and events never touch the bucket
  const media = settings.mediaBucket
    ? {
        blobs: lazyS3BlobStore(
          {
            region: config.region,
            endpoint: settings.s3Endpoint ?? undefined,
            credentials: settings.s3Endpoint && !env.AWS_ACCESS_KEY_ID ? LOCAL_CREDENTIALS : undefined,
          },
          settings.mediaBucket,
        ),
      }
    : null;
  return composeDataPath({
    doc,
    tableName: config.tableName,
    sqs,
    placementQueueUrl: config.queues.placementUrl as string,
    webhooksQueueUrl: config.queues.webhooksUrl as string,
    tokenKey: config.tokenKey as string,
    webhookSecretsKey: settings.webhookSecretsKey,
    tokenTtlSeconds: settings.realtimeTokenTtlSeconds,
    realtimeUrl: settings.realtimeUrl,
    management,
    // never on AWS: webhook targets must be public there
    allowPrivateWebhookTargets: false,
    media,
    clock: systemClock,
    logger,
  });
}
