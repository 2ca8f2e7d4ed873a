/**
 * Least privilege (DESIGN §12): every IAM statement we ask for lists its actions. SST's
 * default links grant `dynamodb:*` on a linked table and `sqs:*` on a linked queue, so
 * restrictLinks() makes those two component types link their properties only (the names
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

export function consumeGrant(queue: sst.aws.Queue): Grant {
  return { actions: [...QUEUE_CONSUME], resources: [queue.arn] };
}
