import { BatchGetCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoContext } from "../dynamo/context";
import { credsKey, type AuthItemKey } from "./items";

const MAX_KEYS = 100; // DynamoDB's BatchGetItem limit
const ROUNDS = 3;

interface Waiting {
  key: AuthItemKey;
  resolve: (item: Record<string, unknown> | null) => void;
  reject: (err: unknown) => void;
}

/**
 * Reads the stored creds items of many sessions in shared BatchGetItem calls: a worker opening
 * hundreds of sessions asks within a few ms of each other, and one call per session cost the
 * event loop more than the reads themselves. Reads are strongly consistent (a handed-over
 * session's last creds write must be seen, as GetItem with ConsistentRead did); keys left
 * unprocessed after a few rounds are read one by one. Items come back sealed.
 */
export class CredsReader {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: DynamoContext,
    private readonly windowMs = 3,
  ) {}

  read(tenantId: string, sessionId: string): Promise<Record<string, unknown> | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key: credsKey(tenantId, sessionId), resolve, reject });
      if (this.waiting.length >= MAX_KEYS) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.waiting.length > 0) void this.fetch(this.waiting.splice(0, MAX_KEYS));
  }

  private async fetch(batch: Waiting[]): Promise<void> {
    const byKey = new Map<string, Waiting[]>();
    for (const w of batch) byKey.set(`${w.key.pk}|${w.key.sk}`, [...(byKey.get(`${w.key.pk}|${w.key.sk}`) ?? []), w]);
    const settle = (key: string, item: Record<string, unknown> | null) => {
      for (const w of byKey.get(key) ?? []) w.resolve(item);
      byKey.delete(key);
    };
    try {
      let left = [...byKey.values()].map((ws) => ws[0]!.key);
      for (let round = 0; left.length > 0 && round < ROUNDS; round++) {
        const { ctx } = this;
        const res = await ctx.doc.send(
          new BatchGetCommand({
            RequestItems: { [ctx.tableName]: { Keys: left.map((k) => ({ ...k })), ConsistentRead: true } },
          }),
        );
        for (const item of res.Responses?.[ctx.tableName] ?? []) settle(`${String(item.pk)}|${String(item.sk)}`, item);
        const unprocessed = (res.UnprocessedKeys?.[ctx.tableName]?.Keys ?? []) as AuthItemKey[];
        const pending = new Set(unprocessed.map((k) => `${k.pk}|${k.sk}`));
        // asked and not returned (nor unprocessed): no such item
        for (const k of left) if (!pending.has(`${k.pk}|${k.sk}`)) settle(`${k.pk}|${k.sk}`, null);
        left = unprocessed;
      }
      for (const k of left) settle(`${k.pk}|${k.sk}`, await this.getOne(k));
    } catch (err) {
      for (const ws of byKey.values()) for (const w of ws) w.reject(err);
    }
  }

  private async getOne(key: AuthItemKey): Promise<Record<string, unknown> | null> {
    const { ctx } = this;
    const res = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: key, ConsistentRead: true }));
    return res.Item ?? null;
  }
}
