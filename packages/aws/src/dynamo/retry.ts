import type { TransactWriteCommandInput, TransactWriteCommandOutput } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { transactionCancellationCodes } from "./errors";
import { transactWrite } from "./transact-coalescer";

/** Exponential backoff with a little jitter, for the attempt that just failed (1, 2, ...). */
export const backoffMs = (attempt: number) => Math.min(1_000, 20 * 2 ** attempt) + Math.floor(Math.random() * 20);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * TransactWriteItems through the coalescer, sent again (backed off, up to `maxAttempts` in all)
 * while DynamoDB cancels it for a conflict only: another transaction was in flight on one of its
 * items, so nothing was written. A failed condition, or any other error, is thrown at once for
 * the caller to map.
 */
export async function transactWriteRetryingConflicts(
  ctx: { doc: DynamoDBDocumentClient },
  input: TransactWriteCommandInput,
  maxAttempts: number,
): Promise<TransactWriteCommandOutput> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transactWrite(ctx, input);
    } catch (err) {
      const codes = transactionCancellationCodes(err);
      const conflictOnly = codes?.includes("TransactionConflict") && !codes.includes("ConditionalCheckFailed");
      if (!conflictOnly || attempt >= maxAttempts) throw err;
      await sleep(backoffMs(attempt));
    }
  }
}
