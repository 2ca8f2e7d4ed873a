import { type CancellationReason, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  type TransactWriteCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import { transactionCancellationCodes } from "./errors";
import { type TransactAction, transactionBytes, transactionItemIds } from "./transact-items";

// DynamoDB's limit of actions per TransactWriteItems call
const MAX_ACTIONS = 100;
// under DynamoDB's 4 MB per transaction: the estimate counts names and expressions too, and
// leaves room for what it does not know of DynamoDB's own accounting
const MAX_MERGED_BYTES = 3_500_000;
// a caller cancelled this often only because of others' items goes alone next: progress is sure
// even while new failing callers keep joining its calls
const MAX_MERGED_ATTEMPTS = 3;

interface Entry {
  items: TransactAction[];
  input: TransactWriteCommandInput;
  /** table|pk|sk of every action; null when an action's key is unknown (then sent alone) */
  ids: string[] | null;
  bytes: number;
  alone: boolean;
  attempts: number;
  resolve: (out: TransactWriteCommandOutput) => void;
  reject: (err: unknown) => void;
}

export interface CoalescerStats {
  /** TransactWriteItems calls sent */
  calls: number;
  /** transactions asked for */
  transactions: number;
  /** calls by how many callers' transactions they carried */
  callersPerCall: Record<number, number>;
}

/**
 * Merges the transactions asked for in one turn of the event loop into shared
 * TransactWriteItems calls: DynamoDB's cost (and the SDK's) is per call, not per action.
 * Each caller stays all-or-nothing and sees what it would have seen alone (see `settle`).
 */
export class TransactCoalescer {
  private pending: Entry[] = [];
  private scheduled = false;
  private counts: CoalescerStats = { calls: 0, transactions: 0, callersPerCall: {} };

  constructor(private readonly doc: DynamoDBDocumentClient) {}

  write(input: TransactWriteCommandInput): Promise<TransactWriteCommandOutput> {
    this.counts.transactions++;
    const items = input.TransactItems ?? [];
    const ids = transactionItemIds(items);
    // options whose answer (or idempotency) belongs to one whole call: such a caller goes alone
    const alone =
      ids === null ||
      input.ClientRequestToken !== undefined ||
      (input.ReturnConsumedCapacity !== undefined && input.ReturnConsumedCapacity !== "NONE") ||
      (input.ReturnItemCollectionMetrics !== undefined && input.ReturnItemCollectionMetrics !== "NONE");
    const bytes = alone ? 0 : transactionBytes(items);
    return new Promise((resolve, reject) => {
      this.pending.push({ items, input, ids, bytes, alone, attempts: 0, resolve, reject });
      this.schedule();
    });
  }

  stats(): CoalescerStats {
    return { ...this.counts, callersPerCall: { ...this.counts.callersPerCall } };
  }

  resetStats(): void {
    this.counts = { calls: 0, transactions: 0, callersPerCall: {} };
  }

  private schedule(): void {
    if (this.scheduled || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Packs the waiting callers, in order, into calls sent at once. A caller on an item already in
   * a call goes into a later one, sent alongside as it would have been alone: waiting for that
   * call instead queued every accept of a tenant behind its one day-count item.
   */
  private flush(): void {
    this.scheduled = false;
    const batches: Array<{ entries: Entry[]; ids: Set<string>; actions: number; bytes: number }> = [];
    for (const e of this.pending) {
      const fits = (b: (typeof batches)[number]) =>
        !b.entries[0]?.alone &&
        b.actions + e.items.length <= MAX_ACTIONS &&
        b.bytes + e.bytes <= MAX_MERGED_BYTES &&
        !e.ids?.some((id) => b.ids.has(id));
      const batch = e.alone ? undefined : batches.find(fits);
      if (batch) {
        batch.entries.push(e);
        for (const id of e.ids ?? []) batch.ids.add(id);
        batch.actions += e.items.length;
        batch.bytes += e.bytes;
      } else batches.push({ entries: [e], ids: new Set(e.ids), actions: e.items.length, bytes: e.bytes });
    }
    this.pending = [];
    for (const b of batches) void this.send(b.entries);
  }

  private async send(entries: Entry[]): Promise<void> {
    this.counts.calls++;
    this.counts.callersPerCall[entries.length] = (this.counts.callersPerCall[entries.length] ?? 0) + 1;
    try {
      if (entries.length === 1) {
        // alone: exactly the caller's own call, answer and error
        const e = entries[0] as Entry;
        await this.doc.send(new TransactWriteCommand(e.input)).then(e.resolve, e.reject);
        return;
      }
      try {
        const out = await this.doc.send(new TransactWriteCommand({ TransactItems: entries.flatMap((e) => e.items) }));
        for (const e of entries) e.resolve(out);
      } catch (err) {
        this.settle(entries, err);
      }
    } finally {
      this.schedule();
    }
  }

  /**
   * A merged call failed. Cancelled: a caller with a reason of its own gets its own slice of
   * the reasons; one whose actions were all fine goes again. Refused by DynamoDB (4xx): each
   * caller goes alone, so the error reaches only its owner. No answer or 5xx after the SDK's
   * retries: the outcome is unknown and resending could apply a caller twice, so every caller
   * gets the error, as each would alone.
   */
  private settle(entries: Entry[], err: unknown): void {
    const codes = transactionCancellationCodes(err);
    const total = entries.reduce((n, e) => n + e.items.length, 0);
    const again: Entry[] = [];
    if (codes && codes.length === total) {
      const reasons = (err as TransactionCanceledException).CancellationReasons ?? [];
      let at = 0;
      for (const e of entries) {
        const mine = reasons.slice(at, at + e.items.length);
        const own = codes.slice(at, at + e.items.length);
        at += e.items.length;
        if (own.some((c) => c !== "None")) e.reject(cancelledFor(err as TransactionCanceledException, mine, own));
        else again.push({ ...e, attempts: e.attempts + 1, alone: e.attempts + 1 >= MAX_MERGED_ATTEMPTS });
      }
    } else if (codes || isRefusal(err)) {
      for (const e of entries) again.push({ ...e, alone: true });
    } else {
      for (const e of entries) e.reject(err);
      return;
    }
    this.pending = [...again, ...this.pending];
  }
}

/** DynamoDB answered and refused the call as a whole (validation, throttling, limits): nothing was applied. */
function isRefusal(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500;
}

/** The cancellation the caller would have got alone: its own reasons (with any Item), the same message format. */
function cancelledFor(
  err: TransactionCanceledException,
  reasons: CancellationReason[],
  codes: string[],
): TransactionCanceledException {
  const message = `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(", ")}]`;
  return new TransactionCanceledException({
    message,
    Message: message,
    $metadata: err.$metadata,
    CancellationReasons: reasons,
  });
}

const coalescers = new WeakMap<DynamoDBDocumentClient, TransactCoalescer>();

/** The one coalescer of a document client (created on first use). */
export function transactCoalescer(doc: DynamoDBDocumentClient): TransactCoalescer {
  let c = coalescers.get(doc);
  if (!c) {
    c = new TransactCoalescer(doc);
    coalescers.set(doc, c);
  }
  return c;
}

/** TransactWriteItems through the document client's coalescer: what every store's transaction uses. */
export function transactWrite(
  ctx: { doc: DynamoDBDocumentClient },
  input: TransactWriteCommandInput,
): Promise<TransactWriteCommandOutput> {
  return transactCoalescer(ctx.doc).write(input);
}
