import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";

export function isConditionalCheckFailed(err: unknown): err is ConditionalCheckFailedException {
  return (
    err instanceof ConditionalCheckFailedException ||
    (err as { name?: string } | null)?.name === "ConditionalCheckFailedException"
  );
}

/**
 * For a cancelled transaction, the reason code of each action in order ("None" for the ones
 * that were fine); null when the error is not a cancelled transaction.
 */
export function transactionCancellationCodes(err: unknown): string[] | null {
  const isCancel =
    err instanceof TransactionCanceledException ||
    (err as { name?: string } | null)?.name === "TransactionCanceledException";
  if (!isCancel) return null;
  const reasons = (err as TransactionCanceledException).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? "None");
}
