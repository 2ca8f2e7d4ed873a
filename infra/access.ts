/**
 * Least privilege (DESIGN §12): every IAM statement we ask for lists its actions. SST's
 * default links grant `dynamodb:*` on a linked table, `sqs:*` on a linked queue and `s3:*` on a
 * linked bucket, so restrictLinks() makes those component types link their properties only (the names
 * and URLs the code reads) and each function or service states what it does instead.
 */

/** Everything the DynamoDB stores call (TransactWrite is authorised per item action). */
export const TABLE_READ_WRITE = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
] as const;

export const QUEUE_SEND = ["sqs:SendMessage"] as const;

/**
 * Media files: presigning a GET (and HEAD, which S3 authorises as GetObject) needs
 * s3:GetObject, presigning a PUT s3:PutObject, on the object keys; nothing lists or deletes
 * (the lifecycle rule does).
 */
export const MEDIA_READ = ["s3:GetObject"] as const;
export const MEDIA_READ_WRITE = ["s3:GetObject", "s3:PutObject"] as const;

/** A poller that claims, extends and deletes messages (the fleet on Placement). */
export const QUEUE_CONSUME = [
  "sqs:ReceiveMessage",
  "sqs:DeleteMessage",
  "sqs:ChangeMessageVisibility",
  "sqs:GetQueueAttributes",
] as const;

export interface Grant {
  actions: string[];
  resources: $util.Input<string>[];
}

/** Link components by their properties alone; permissions come from the grants below. */
export function restrictLinks() {
  sst.Linkable.wrap(sst.aws.Dynamo, (table) => ({ properties: { name: table.name } }));
  sst.Linkable.wrap(sst.aws.Queue, (queue) => ({ properties: { url: queue.url } }));
  sst.Linkable.wrap(sst.aws.Bucket, (bucket) => ({ properties: { name: bucket.name } }));
}

/**
 * Read/write on the table and its indexes. No Scan: the fleet view and the janitor's
 * reconciler read workers and sessions through the gsi1/gsi2 indexes (Query).
 */
export function tableGrant(table: sst.aws.Dynamo): Grant {
  return {
    actions: [...TABLE_READ_WRITE],
    resources: [table.arn, $interpolate`${table.arn}/index/*`],
  };
}

export function sendGrant(...queues: sst.aws.Queue[]): Grant {
  return { actions: [...QUEUE_SEND], resources: queues.map((q) => q.arn) };
}

/** Objects under the tenants/ prefix only (the one prefix Wharf writes). */
export function mediaGrant(bucket: sst.aws.Bucket, actions: readonly string[]): Grant {
  return { actions: [...actions], resources: [$interpolate`${bucket.arn}/tenants/*`] };
}

export function consumeGrant(queue: sst.aws.Queue): Grant {
  return { actions: [...QUEUE_CONSUME], resources: [queue.arn] };
}
