import type { WebhookDeliveryRecord } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { transactionCancellationCodes } from "../dynamo/errors";
import { transactWrite } from "../dynamo/transact-coalescer";
import { DAY_SECONDS, ENTITY, epochSeconds, keys } from "../dynamo/keys";
import { chunkBySize } from "../chunks";

/** Delivery records (the log the API lists, and dead letters) are kept this long. */
export const DELIVERY_TTL_SECONDS = 30 * DAY_SECONDS;

/**
 * DynamoDB takes 100 actions and 4 MB a transaction; deliveries carry their payload (up to 3
 * UTF-8 bytes a character), so stay well below.
 */
const MAX_ACTIONS = 25;
const MAX_CHUNK_CHARS = 1_000_000;

export function deliveryItem(d: WebhookDeliveryRecord): Record<string, unknown> {
  return {
    ...keys.delivery(d.tenantId, d.id),
    gsi1pk: keys.deliveriesIndexPk(d.tenantId, d.webhookId),
    gsi1sk: d.id,
    entity: ENTITY.delivery,
    ...d,
    expiresAt: epochSeconds(Date.parse(d.createdAt)) + DELIVERY_TTL_SECONDS,
  };
}

/**
 * Many new deliveries, each only if its id is not stored yet, in one transaction per chunk
 * (one call for an events batch instead of one per delivery). A cancelled transaction writes
 * nothing: the deliveries that already existed are answered false from its reasons, the others
 * are created one by one with the same condition (a redelivered event's rare path).
 */
export async function createDeliveries(
  ctx: DynamoContext,
  deliveries: WebhookDeliveryRecord[],
  createOne: (d: WebhookDeliveryRecord) => Promise<boolean>,
): Promise<boolean[]> {
  const created: boolean[] = [];
  // a delivery's size: its payload and about a thousand characters of other attributes
  for (const chunk of chunkBySize(deliveries, MAX_ACTIONS, MAX_CHUNK_CHARS, (d) => d.payload.length + 1_000)) {
    if (chunk.length === 1) {
      created.push(await createOne(chunk[0] as WebhookDeliveryRecord));
      continue;
    }
    try {
      await transactWrite(ctx, {
        TransactItems: chunk.map((d) => ({
          Put: { TableName: ctx.tableName, Item: deliveryItem(d), ConditionExpression: "attribute_not_exists(pk)" },
        })),
      });
      created.push(...chunk.map(() => true));
    } catch (err) {
      const codes = transactionCancellationCodes(err);
      if (!codes) throw err;
      for (const [i, d] of chunk.entries())
        created.push(codes[i] === "ConditionalCheckFailed" ? false : await createOne(d));
    }
  }
  return created;
}
