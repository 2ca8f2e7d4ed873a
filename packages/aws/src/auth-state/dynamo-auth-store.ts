import { BatchGetCommand, GetCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { FencedError } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { queryPages } from "../dynamo/query-pages";
import { transactionCancellationCodes } from "../dynamo/errors";
import { backoffMs, sleep, transactWriteRetryingConflicts } from "../dynamo/retry";
import { keys } from "../dynamo/keys";
import type { AuthStateKeyring } from "./cipher";
import type { AuthItemReader } from "./auth-item-reader";
import { AuthStateWriteError } from "./errors";
import {
  AUTH_SK_PREFIX,
  credsKey,
  openItem,
  sealItem,
  signalKey,
  type AuthValueCodec,
  type StoredAuthItem,
} from "./items";
import { chunkBySize } from "../chunks";

/** Who may write: the lease owner at this epoch (DESIGN §4). Read at every write. */
export interface AuthFence {
  owner: string;
  epoch: number;
}

export interface DynamoAuthStateStoreOptions {
  ctx: DynamoContext;
  tenantId: string;
  sessionId: string;
  keyring: AuthStateKeyring;
  codec: AuthValueCodec;
  /** the current fencing token; a re-claim moves the epoch, so it is read per write */
  fence: () => AuthFence;
  /** reads creds and keys in calls shared with other sessions (a worker's AuthItemReader); default: this session's own calls */
  reader?: AuthItemReader;
  /** told about every failed write before it is thrown, so the owner can act at once */
  onWriteError?: (err: FencedError | AuthStateWriteError) => void;
}

/** Signal keys by type, then id; null or undefined deletes the key. */
export type AuthKeyWrites = Record<string, Record<string, unknown>>;

// TransactWriteItems takes 100 actions and 4 MB; one action is the ConditionCheck.
const MAX_WRITES_PER_TX = 99;
const MAX_TX_BYTES = 3_500_000;
const MAX_BATCH_GET = 100;
const MAX_ATTEMPTS = 5;

type TxItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];
type Write = { action: TxItem; bytes: number };

/**
 * Baileys auth state (creds + Signal keys) in DynamoDB, sealed with AES-256-GCM, every write
 * fenced: each TransactWriteItems carries a ConditionCheck that the session is still owned
 * by `fence().owner` at `fence().epoch`, so a worker that lost its lease can never overwrite
 * the new owner's state. Large writes are split into several fenced transactions.
 */
export class DynamoAuthStateStore {
  constructor(private readonly opts: DynamoAuthStateStoreOptions) {}

  async readCreds(): Promise<unknown | null> {
    const { ctx, tenantId, sessionId, reader } = this.opts;
    const item = reader
      ? await reader.read(credsKey(tenantId, sessionId))
      : (
          await ctx.doc.send(
            new GetCommand({ TableName: ctx.tableName, Key: credsKey(tenantId, sessionId), ConsistentRead: true }),
          )
        ).Item;
    if (!item) return null;
    return this.opts.codec.decode(openItem(this.opts.keyring, item), { kind: "creds" });
  }

  async writeCreds(creds: unknown): Promise<void> {
    const { tenantId, sessionId } = this.opts;
    await this.commit([
      this.put(sealItem(this.opts.keyring, credsKey(tenantId, sessionId), this.opts.codec.encode(creds))),
    ]);
  }

  async getKeys(type: string, ids: readonly string[]): Promise<Record<string, unknown>> {
    const { ctx, tenantId, sessionId } = this.opts;
    const out: Record<string, unknown> = {};
    const unique = [...new Set(ids)];
    if (this.opts.reader) {
      const reader = this.opts.reader;
      const items = await Promise.all(unique.map((id) => reader.read(signalKey(tenantId, sessionId, type, id))));
      items.forEach((item, i) => {
        if (item) out[unique[i]!] = this.opts.codec.decode(openItem(this.opts.keyring, item), { kind: "key", type });
      });
      return out;
    }
    for (let i = 0; i < unique.length; i += MAX_BATCH_GET) {
      let pending: Record<string, unknown>[] = unique
        .slice(i, i + MAX_BATCH_GET)
        .map((id) => ({ ...signalKey(tenantId, sessionId, type, id) }));
      for (let attempt = 1; pending.length > 0; attempt++) {
        const res = await ctx.doc.send(
          new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of res.Responses?.[ctx.tableName] ?? []) {
          const id = String(item.sk).slice(`AUTH#KEY#${type}#`.length);
          out[id] = this.opts.codec.decode(openItem(this.opts.keyring, item), { kind: "key", type });
        }
        pending = (res.UnprocessedKeys?.[ctx.tableName]?.Keys ?? []) as Record<string, unknown>[];
        if (pending.length > 0) {
          if (attempt >= MAX_ATTEMPTS)
            throw new Error(`auth-state read: ${pending.length} keys unprocessed after ${attempt} attempts`);
          await sleep(backoffMs(attempt));
        }
      }
    }
    return out;
  }

  async setKeys(data: AuthKeyWrites): Promise<void> {
    const { tenantId, sessionId, keyring, codec } = this.opts;
    const writes: Write[] = [];
    try {
      for (const [type, byId] of Object.entries(data)) {
        for (const [id, value] of Object.entries(byId ?? {})) {
          const key = signalKey(tenantId, sessionId, type, id);
          writes.push(
            value === null || value === undefined
              ? this.del(key)
              : this.put(sealItem(keyring, key, codec.encode(value))),
          );
        }
      }
    } catch (err) {
      throw this.report(
        err instanceof AuthStateWriteError ? err : new AuthStateWriteError("could not seal auth-state keys", err),
      );
    }
    await this.commit(writes);
  }

  /** Deletes the creds and every key (logout, bad session), fenced like any write. */
  async clear(): Promise<number> {
    const { ctx, tenantId, sessionId } = this.opts;
    const writes: Write[] = [];
    const input = {
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :auth)",
      ExpressionAttributeValues: { ":pk": keys.sessionPk(tenantId, sessionId), ":auth": AUTH_SK_PREFIX },
      ProjectionExpression: "pk, sk",
      ConsistentRead: true,
    };
    for await (const page of queryPages(ctx, input)) {
      for (const item of page) writes.push(this.del({ pk: String(item.pk), sk: String(item.sk) }));
    }
    await this.commit(writes);
    return writes.length;
  }

  private put(item: StoredAuthItem): Write {
    return {
      action: { Put: { TableName: this.opts.ctx.tableName, Item: item } },
      bytes: item.blob.length + item.sk.length + item.pk.length + 64,
    };
  }

  private del(key: { pk: string; sk: string }): Write {
    return {
      action: { Delete: { TableName: this.opts.ctx.tableName, Key: key } },
      bytes: key.pk.length + key.sk.length + 32,
    };
  }

  private async commit(writes: Write[]): Promise<void> {
    for (const chunk of chunkBySize(writes, MAX_WRITES_PER_TX, MAX_TX_BYTES, (w) => w.bytes))
      await this.commitChunk(chunk);
  }

  private async commitChunk(chunk: Write[]): Promise<void> {
    const { ctx, tenantId, sessionId } = this.opts;
    const fence = this.opts.fence();
    const check: TxItem = {
      ConditionCheck: {
        TableName: ctx.tableName,
        Key: keys.session(tenantId, sessionId),
        ConditionExpression: "leaseOwner = :owner AND leaseEpoch = :epoch",
        ExpressionAttributeValues: { ":owner": fence.owner, ":epoch": fence.epoch },
      },
    };
    try {
      // another transaction touched the same items (Baileys writes key types in parallel): again
      await transactWriteRetryingConflicts(
        ctx,
        { TransactItems: [check, ...chunk.map((w) => w.action)] },
        MAX_ATTEMPTS,
      );
    } catch (err) {
      const codes = transactionCancellationCodes(err);
      if (codes?.[0] === "ConditionalCheckFailed") throw this.report(new FencedError(fence, "auth-state write", err));
      throw this.report(
        new AuthStateWriteError(
          `auth-state write of ${chunk.length} items failed${codes ? ` (${codes.join(",")})` : ""}`,
          err,
        ),
      );
    }
  }

  private report<E extends FencedError | AuthStateWriteError>(err: E): E {
    this.opts.onWriteError?.(err);
    return err;
  }
}
