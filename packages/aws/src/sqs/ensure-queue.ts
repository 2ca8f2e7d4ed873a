import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueNameExists,
  SetQueueAttributesCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";

export interface EnsureQueueOptions {
  /** FIFO queue; the name must end in `.fifo` (and so must the DLQ's) */
  fifo?: boolean;
  /** FIFO: deduplicate by body hash when no deduplication id is sent */
  contentBasedDeduplication?: boolean;
  /** dead-letter queue, created first; messages move there after maxReceiveCount receives */
  dlq?: { name: string; maxReceiveCount: number };
  /** an existing dead-letter queue by ARN (on AWS: the stage's InboxesDlq, from WharfConfig.queues.inboxDlq) */
  deadLetterTarget?: { arn: string; maxReceiveCount: number };
  visibilityTimeoutSeconds?: number;
  messageRetentionSeconds?: number;
}

/**
 * Creates the queue (and its DLQ) if missing and returns its URL. Idempotent: an existing
 * queue gets the requested attributes set. On AWS queues come from infra; this serves the
 * emulators, tests and the per-worker inbox queues.
 */
export async function ensureQueue(client: SQSClient, name: string, opts: EnsureQueueOptions = {}): Promise<string> {
  const fifo = opts.fifo ?? name.endsWith(".fifo");
  if (fifo !== name.endsWith(".fifo")) throw new Error(`queue ${name}: FIFO queue names end in .fifo, others must not`);
  const attributes: Record<string, string> = {};
  if (fifo) {
    attributes.FifoQueue = "true";
    attributes.ContentBasedDeduplication = String(opts.contentBasedDeduplication ?? false);
  }
  if (opts.visibilityTimeoutSeconds !== undefined) attributes.VisibilityTimeout = String(opts.visibilityTimeoutSeconds);
  if (opts.messageRetentionSeconds !== undefined)
    attributes.MessageRetentionPeriod = String(opts.messageRetentionSeconds);
  if (opts.deadLetterTarget) {
    const { arn, maxReceiveCount } = opts.deadLetterTarget;
    attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount });
  }
  if (opts.dlq) {
    const dlqUrl = await ensureQueue(client, opts.dlq.name, {
      fifo,
      // keep failed messages as long as SQS allows (14 days) so they can be inspected and redriven
      messageRetentionSeconds: 1_209_600,
    });
    const arn = await queueArn(client, dlqUrl);
    attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: opts.dlq.maxReceiveCount });
  }
  return createOrUpdate(client, name, attributes);
}

/** URL of an existing queue by name. */
export async function queueUrl(client: SQSClient, name: string): Promise<string> {
  const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: name }));
  if (!QueueUrl) throw new Error(`GetQueueUrl ${name} returned no URL`);
  return QueueUrl;
}

export async function queueArn(client: SQSClient, url: string): Promise<string> {
  const res = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }));
  const arn = res.Attributes?.QueueArn;
  if (!arn) throw new Error(`queue ${url} has no QueueArn`);
  return arn;
}

/** SQS says QueueNameExists (fauxqs: AWS.SimpleQueueService.QueueNameExists) for same name, other attributes. */
function isQueueNameTaken(err: unknown): boolean {
  if (err instanceof QueueNameExists) return true;
  const name = (err as { name?: string } | null)?.name ?? "";
  return name.endsWith("QueueNameExists") || name.endsWith("QueueAlreadyExists");
}

async function createOrUpdate(client: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  try {
    const res = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    if (!res.QueueUrl) throw new Error(`CreateQueue ${name} returned no URL`);
    return res.QueueUrl;
  } catch (err) {
    // exists with other attributes: bring them in line (FifoQueue cannot change, so omit it)
    if (!isQueueNameTaken(err)) throw err;
    const QueueUrl = await queueUrl(client, name);
    const { FifoQueue: _fifo, ...mutable } = attributes;
    if (Object.keys(mutable).length > 0)
      await client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: mutable }));
    return QueueUrl;
  }
}
