import {
  initAuthCreds,
  makeWASocket,
  type AuthenticationState,
  type MessageUpsertType,
  type UserFacingSocketConfig,
  type WAMessage,
  type WASocket,
} from "@whiskeysockets/baileys";
import { pino, type Logger } from "pino";
import { simulatorMediaTrust, type SimulatorMediaTrust } from "../media/client-trust";
import { createMemoryKeyStore } from "../signal/memory-store";

/** Baileys auth state held in memory: fresh creds plus a Map-backed key store. */
export function createMemoryAuthState(): AuthenticationState {
  return { creds: initAuthCreds(), keys: createMemoryKeyStore() };
}

export interface ConnectClientOptions {
  /** The simulator's `url` (ws://…/ws/chat). */
  url: string;
  /** Reuse stored credentials (reconnect); a fresh registration when absent. */
  auth?: AuthenticationState;
  logger?: Logger;
  /** Extra Baileys socket options (e.g. short keepAliveIntervalMs / connectTimeoutMs for fault tests). */
  socket?: Partial<UserFacingSocketConfig>;
}

export interface ReceivedUpsert {
  message: WAMessage;
  type: MessageUpsertType;
}

/** A real Baileys socket pointed at the simulator, with its events recorded and awaitable. */
export interface SimClient {
  readonly sock: WASocket;
  readonly auth: AuthenticationState;
  readonly qrs: readonly string[];
  readonly upserts: readonly ReceivedUpsert[];
  /** Highest status (proto.WebMessageInfo.Status) seen per message id (messages.update, or own upserts). */
  readonly statuses: ReadonlyMap<string, number>;
  /** Set once the socket closed: the DisconnectReason status code (undefined for a clean end()). */
  readonly closeCode: number | undefined;
  readonly isOpen: boolean;
  readonly isClosed: boolean;
  waitForQr(timeoutMs?: number): Promise<string>;
  waitForOpen(timeoutMs?: number): Promise<void>;
  /** Resolves with the close status code. */
  waitForClose(timeoutMs?: number): Promise<number | undefined>;
  waitForMessage(predicate?: (upsert: ReceivedUpsert) => boolean, timeoutMs?: number): Promise<ReceivedUpsert>;
  waitForStatus(messageId: string, atLeast: number, timeoutMs?: number): Promise<void>;
  /** Ends the socket (no logout) and waits until it is closed. */
  end(): Promise<void>;
}

const silent = pino({ level: "silent" });

let mediaTrust: SimulatorMediaTrust | undefined;
/** One set of agents trusting the simulator's media CA, shared by this process's test clients. */
export const testMediaTrust = (): SimulatorMediaTrust => (mediaTrust ??= simulatorMediaTrust());

/** Socket options every simulator client uses: no history wait, no presence, quiet logs, uploads trusting the simulator CA. */
export function simulatorSocketConfig(
  url: string,
  auth: AuthenticationState,
  logger: Logger = silent,
): UserFacingSocketConfig {
  return {
    waWebSocketUrl: url,
    auth,
    logger,
    markOnlineOnConnect: false,
    syncFullHistory: false,
    shouldSyncHistoryMessage: () => false,
    connectTimeoutMs: 20_000,
    defaultQueryTimeoutMs: 20_000,
    keepAliveIntervalMs: 25_000,
    fetchAgent: testMediaTrust().fetchAgent,
  };
}

export function connectClient(options: ConnectClientOptions): SimClient {
  const auth = options.auth ?? createMemoryAuthState();
  const sock = makeWASocket({ ...simulatorSocketConfig(options.url, auth, options.logger), ...options.socket });
  const qrs: string[] = [];
  const upserts: ReceivedUpsert[] = [];
  const statuses = new Map<string, number>();
  let open = false;
  let closed = false;
  let closeCode: number | undefined;
  const checks = new Set<() => void>();
  const changed = (): void => {
    for (const check of [...checks]) check();
  };

  sock.ev.on("connection.update", (update) => {
    if (update.qr) qrs.push(update.qr);
    if (update.connection === "open") open = true;
    if (update.connection === "close") {
      open = false;
      closed = true;
      closeCode = (update.lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output
        ?.statusCode;
    }
    changed();
  });
  sock.ev.on("messages.upsert", ({ messages, type }) => {
    for (const message of messages) {
      upserts.push({ message, type });
      // A receipt that lands while the client still buffers its own upsert is merged into it.
      const id = message.key.id;
      if (id && message.key.fromMe && typeof message.status === "number")
        statuses.set(id, Math.max(statuses.get(id) ?? 0, message.status));
    }
    changed();
  });
  sock.ev.on("messages.update", (updates) => {
    for (const { key, update } of updates) {
      if (key.id && typeof update.status === "number")
        statuses.set(key.id, Math.max(statuses.get(key.id) ?? 0, update.status));
    }
    changed();
  });

  const waitFor = <T>(label: string, timeoutMs: number, probe: () => T | undefined): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${label}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        checks.delete(check);
      };
      checks.add(check);
      check();
    });

  const failIfClosed = (label: string): void => {
    if (closed) throw new Error(`socket closed (${closeCode}) while waiting for ${label}`);
  };

  return {
    sock,
    auth,
    qrs,
    upserts,
    statuses,
    get closeCode() {
      return closeCode;
    },
    get isOpen() {
      return open;
    },
    get isClosed() {
      return closed;
    },
    waitForQr: (timeoutMs = 10_000) =>
      waitFor("a QR", timeoutMs, () => (qrs.length ? qrs[qrs.length - 1] : (failIfClosed("a QR"), undefined))),
    waitForOpen: (timeoutMs = 15_000) =>
      waitFor("connection open", timeoutMs, () => (open ? true : (failIfClosed("open"), undefined))).then(
        () => undefined,
      ),
    waitForClose: (timeoutMs = 15_000) =>
      waitFor("connection close", timeoutMs, () => (closed ? { code: closeCode } : undefined)).then((r) => r.code),
    waitForMessage: (predicate = () => true, timeoutMs = 10_000) =>
      waitFor("messages.upsert", timeoutMs, () => upserts.find(predicate)),
    waitForStatus: (messageId, atLeast, timeoutMs = 10_000) =>
      waitFor(`status ${atLeast} of ${messageId}`, timeoutMs, () =>
        (statuses.get(messageId) ?? 0) >= atLeast ? true : undefined,
      ).then(() => undefined),
    end: async () => {
      if (!closed) sock.end(undefined);
      await waitFor("connection close", 10_000, () => (closed ? true : undefined));
    },
  };
}
