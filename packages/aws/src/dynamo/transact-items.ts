import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";

export type TransactAction = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

// bytes counted for what has no length of its own: a number (up to 38 digits), the JSON around an action
const NUMBER_BYTES = 21;
const ACTION_BYTES = 100;

/**
 * `table|pk|sk` of each action's item (the table's keys, see table-schema.ts); null when one
 * has no such key, since then overlap with another transaction cannot be ruled out.
 */
export function transactionItemIds(items: readonly TransactAction[]): string[] | null {
  const ids: string[] = [];
  for (const a of items) {
    const op = a.Put ?? a.Update ?? a.Delete ?? a.ConditionCheck;
    const key = (a.Put ? a.Put.Item : (op as { Key?: Record<string, unknown> } | undefined)?.Key) as
      | Record<string, unknown>
      | undefined;
    const pk = key?.pk;
    const sk = key?.sk;
    if (!op || typeof pk !== "string" || typeof sk !== "string") return null;
    ids.push(`${op.TableName ?? ""}|${pk}|${sk}`);
  }
  return ids;
}

/**
 * An over-estimate of a transaction's size: every name, string, binary and expression in it
 * (UTF-8 bytes of a string are at most 3 per UTF-16 unit), so merged calls stay under the limit.
 */
export function transactionBytes(items: readonly TransactAction[]): number {
  let n = 0;
  for (const a of items) n += ACTION_BYTES + sizeOf(a);
  return n;
}

function sizeOf(v: unknown): number {
  if (typeof v === "string") return v.length * 3;
  if (typeof v === "number" || typeof v === "bigint") return NUMBER_BYTES;
  if (v === null || typeof v !== "object") return 1;
  if (ArrayBuffer.isView(v)) return v.byteLength;
  let n = 0;
  if (Array.isArray(v) || v instanceof Set) {
    for (const x of v) n += 1 + sizeOf(x);
    return n;
  }
  for (const [k, x] of Object.entries(v)) n += k.length * 3 + sizeOf(x);
  return n;
}
