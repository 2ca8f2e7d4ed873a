import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { batchGetItems } from "../dynamo/batch-get";
import type { DynamoContext } from "../dynamo/context";
import type { AuthItemKey } from "./items";

const MAX_KEYS = 100; // DynamoDB's BatchGetItem limit
const ROUNDS = 3;

interface Waiting {
  key: AuthItemKey;
  resolve: (item: Record<string, unknown> | null) => void;
  reject: (err: unknown) => void;
}

const id = (k: { pk: unknown; sk: unknown }) => `${String(k.pk)}|${String(k.sk)}`;

/**
 * Reads auth-state items (creds, Signal keys) of many sessions in shared BatchGetItem calls:
 * a worker opening hundreds of sessions reads each one's creds and a few keys at nearly the
 * same moment, and one call per read cost its event loop more than the reads themselves.
 * Reads asked for in one turn of the event loop go together (no added wait), 100 keys a call.
 * Strongly consistent, as GetItem/BatchGetItem with ConsistentRead were (a handed-over
 * session's last write must be seen); keys still unprocessed after a few rounds are read one
 * by one. Items come back sealed; a key with no item resolves to null.
 */
export class AuthItemReader {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly ctx: DynamoContext) {}

  read(key: AuthItemKey): Promise<Record<string, unknown> | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.waiting.length > 0) void this.fetch(this.waiting.splice(0, MAX_KEYS));
  }

  private async fetch(batch: Waiting[]): Promise<void> {
    const byKey = new Map<string, Waiting[]>();
    for (const w of batch) byKey.set(id(w.key), [...(byKey.get(id(w.key)) ?? []), w]);
    const settle = (key: string, item: Record<string, unknown> | null) => {
      for (const w of byKey.get(key) ?? []) w.resolve(item);
      byKey.delete(key);
    };
    try {
      const asked = [...byKey.values()].map((ws) => ws[0]!.key);
      const { items, unprocessed } = await batchGetItems(this.ctx, asked, null, { consistent: true, rounds: ROUNDS });
      for (const item of items) settle(id(item as { pk: unknown; sk: unknown }), item);
      const pending = new Set(unprocessed.map(id));
      // asked for and neither returned nor unprocessed: there is no such item
      for (const k of asked) if (!pending.has(id(k))) settle(id(k), null);
      for (const k of unprocessed) settle(id(k), await this.getOne(k as AuthItemKey));
    } catch (err) {
      for (const ws of byKey.values()) for (const w of ws) w.reject(err);
    }
  }

  private async getOne(key: AuthItemKey): Promise<Record<string, unknown> | null> {
    const { ctx } = this;
    const res = await ctx.doc.send(
      new GetCommand({ TableName: ctx.tableName, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }),
    );
    return res.Item ?? null;
  }
}
