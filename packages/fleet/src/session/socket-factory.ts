import makeWASocket, {
  proto,
  type AuthenticationState,
  type GroupMetadata,
  type UserFacingSocketConfig,
  type WAMessage,
  type WAMessageKey,
  type WASocket,
} from "@whiskeysockets/baileys";
import type { Agent } from "node:https";
import type { Logger } from "pino";
import { keysUnderCache } from "./baileys-auth";
import { serialisedSignalRepository } from "./signal-repository";

/** DESIGN §9: the socket settings every session gets. */
export const SOCKET_BASELINE = {
  keepAliveIntervalMs: 25_000,
  connectTimeoutMs: 60_000,
  defaultQueryTimeoutMs: 60_000,
  retryRequestDelayMs: 250,
  maxMsgRetryCount: 5,
  syncFullHistory: false,
  // keeps the phone's notifications on: the account is not "online" because a worker holds it
  markOnlineOnConnect: false,
} as const satisfies Partial<UserFacingSocketConfig>;

export interface SocketFactoryOptions {
  /** ws URL of the simulator (or another endpoint); null = WhatsApp */
  websocketUrl: string | null;
  /** announced WhatsApp Web version; null = Baileys' built-in one (never fetched at run time) */
  version: [number, number, number] | null;
  /** wait up to 20 s for the RECENT history sync on a first login */
  syncRecentHistory: boolean;
  /** Baileys' own logger (kept quiet: its info logs carry JIDs) */
  logger: Logger;
  /** node:https agent for media uploads (a stand-in media host's CA); absent: Node's default */
  fetchAgent?: Agent | undefined;
  /** test-only changes to the baseline (e.g. a short connectTimeoutMs) */
  overrides?: Partial<UserFacingSocketConfig>;
}

export interface SocketInput {
  auth: AuthenticationState;
  getMessage: (key: WAMessageKey) => Promise<proto.IMessage | undefined>;
  /** settles once a received message is durable: only then may its delivery receipt go out */
  receiptGate: (msg: WAMessage) => Promise<void>;
  /** settles once the status a contact's receipt reports is durable: only then is the receipt acked */
  receiptAckGate: (receipt: { ids: string[]; status: number }) => Promise<void>;
  /** the session's group metadata for sends to groups (group-cache.ts) */
  cachedGroupMetadata?: (jid: string) => Promise<GroupMetadata | undefined>;
}

export type SocketFactory = (input: SocketInput) => WASocket;

// Full and recent history are never turned into events; skipping RECENT also spares the 20 s
// wait Baileys makes on a first login. Bootstrap, push names etc. still sync (LID mappings).
const SKIPPED_HISTORY = new Set<number>([
  proto.HistorySync.HistorySyncType.FULL,
  proto.HistorySync.HistorySyncType.RECENT,
  proto.HistorySync.HistorySyncType.ON_DEMAND,
]);

export function createSocketFactory(opts: SocketFactoryOptions): SocketFactory {
  return ({ auth, getMessage, receiptGate, receiptAckGate, cachedGroupMetadata }) =>
    makeWASocket({
      ...SOCKET_BASELINE,
      auth,
      getMessage,
      ...(cachedGroupMetadata ? { cachedGroupMetadata } : {}),
      // WhatsApp delivers a message again until its receipt: the receipt waits until Wharf
      // published it (an option our Baileys patch adds, see patches/ and the fleet README)
      messageReceiptGate: receiptGate,
      // and a contact's receipt is acked only once the status it reports is durable (same patch)
      receiptAckGate,
      logger: opts.logger,
      ...(opts.websocketUrl ? { waWebSocketUrl: opts.websocketUrl } : {}),
      ...(opts.version ? { version: opts.version } : {}),
      ...(opts.fetchAgent ? { fetchAgent: opts.fetchAgent } : {}),
      // (Baileys asks with both proto.Message and proto.HistorySync enums: same numbers)
      shouldSyncHistoryMessage: ({ syncType }) =>
        syncType == null ||
        !SKIPPED_HISTORY.has(Number(syncType)) ||
        (opts.syncRecentHistory && Number(syncType) === proto.HistorySync.HistorySyncType.RECENT),
      // a refused (fenced) write must not be retried for 30 s by Baileys' default
      transactionOpts: { maxCommitRetries: 2, delayBetweenTriesMs: 200 },
      // sends and inbound decrypts take turns on a contact's Signal session, and a send's
      // ratchet step is stored before its node leaves (see the file)
      makeSignalRepository: serialisedSignalRepository(keysUnderCache(auth.keys)),
      ...opts.overrides,
    });
}
