/**
 * Counts AWS SDK calls by command name (tests, benches, and a worker started with
 * WHARF_COUNT_SDK_CALLS): a middleware at the initialize
 * step of each client's stack, so a command counts once however often it is retried. A
 * DynamoDBDocumentClient shares its DynamoDBClient's stack: count either, not both.
 */
export interface SdkCallCounter {
  /** calls per command name ("GetItem", "TransactWriteItems", "SendMessageBatch", ...) */
  counts(): Record<string, number>;
  total(): number;
  reset(): void;
  /** the counts since the last reset, then reset */
  take(): Record<string, number>;
}

interface CountableClient {
  middlewareStack: {
    add(middleware: unknown, options: { step: "initialize"; name: string }): void;
    remove(name: string): boolean;
  };
}

const NAME = "wharfSdkCallCounter";

/** Normalizes "UpdateItemCommand" / document client "UpdateCommand" to the wire API name. */
const DOC_COMMANDS: Record<string, string> = {
  Get: "GetItem",
  Put: "PutItem",
  Update: "UpdateItem",
  Delete: "DeleteItem",
  TransactWrite: "TransactWriteItems",
  TransactGet: "TransactGetItems",
  BatchGet: "BatchGetItem",
  BatchWrite: "BatchWriteItem",
};

export function countSdkCalls(clients: CountableClient[]): SdkCallCounter {
  let counts: Record<string, number> = {};
  for (const client of clients) {
    client.middlewareStack.remove(NAME);
    client.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        const raw = (context.commandName ?? "unknown").replace(/Command$/, "");
        const name = DOC_COMMANDS[raw] ?? raw;
        counts[name] = (counts[name] ?? 0) + 1;
        return next(args);
      },
      { step: "initialize", name: NAME },
    );
  }
  const api: SdkCallCounter = {
    counts: () => ({ ...counts }),
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    reset: () => {
      counts = {};
    },
    take: () => {
      const c = api.counts();
      api.reset();
      return c;
    },
  };
  return api;
}
