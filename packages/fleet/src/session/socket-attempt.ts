import type { ConnectionState, proto, WAMessageKey, WASocket } from "@whiskeysockets/baileys";
import type { Logger } from "pino";
import {
  CredsWriter,
  credsProblem,
  loadAuthState,
  type AuthStore,
  type DiscardedCreds,
  type LoadedAuth,
} from "./baileys-auth";
import { attachMessageListeners, statusReported, type MessageEventContext } from "./message-events";
import { GroupMetadataCache } from "./group-cache";
import { attachGroupListeners } from "./group-events";
import { ReceiptGate } from "./receipt-gate";
import { StatusReceiptGate } from "./status-receipt-gate";
import type { SocketFactory } from "./socket-factory";

const END_SOCKET_TIMEOUT_MS = 3_000;

export interface SocketAttemptInput {
  makeSocket: SocketFactory;
  authStore: AuthStore;
  auth: LoadedAuth;
  getMessage: (key: WAMessageKey) => Promise<proto.IMessage | undefined>;
  /** every connection.update of this socket, in order; the runner decides whether it still counts */
  onConnection: (update: Partial<ConnectionState>, attempt: SocketAttempt) => void;
  messages: MessageEventContext;
}

/**
 * One Baileys socket, from creation to end(): it persists creds on every `creds.update`,
 * forwards connection updates and message events, and close() removes every listener before
 * ending the socket, so an old socket can never act on the session again (DESIGN §4).
 */
export class SocketAttempt {
  readonly socket: WASocket;
  /** persists this socket's creds; outlives the socket so a stop can wait for its writes */
  readonly creds: CredsWriter;
  /** delivery receipts of received messages wait here until their events are durable */
  readonly receipts = new ReceiptGate();
  /** acks of contacts' receipts for this session's sends wait here until the status is durable */
  readonly statusReceipts = new StatusReceiptGate(statusReported);
  /** group metadata for sends to groups, refreshed by group events */
  readonly groups = new GroupMetadataCache();
  private offs: Array<() => void>;
  /**
   * Settles once the server's hello arrived (or the socket closed before it): Baileys checks
   * its certificate chain (two pure-JS curve25519 verifications, ~17 ms) in the task that got it.
   */
  readonly hello: Promise<void>;
  private helloDone!: () => void;

  constructor(input: SocketAttemptInput) {
    this.hello = new Promise<void>((resolve) => (this.helloDone = resolve));
    const { auth } = input;
    this.creds = new CredsWriter(input.authStore, () => auth.state.creds, auth.stored);
    const { receipts, statusReceipts } = this;
    const sock = input.makeSocket({
      auth: auth.state,
      getMessage: input.getMessage,
      receiptGate: (msg) => (msg.key.id ? receipts.wait(msg.key.id) : Promise.resolve()),
      receiptAckGate: ({ ids, status }) => statusReceipts.wait(ids, status),
      cachedGroupMetadata: (jid) => this.groups.lookup(jid),
    });
    this.socket = sock;
    this.groups.bind((jid) => sock.groupMetadata(jid));
    const creds = this.creds;
    const onCreds = (update: Partial<typeof auth.state.creds>) => {
      Object.assign(auth.state.creds, update);
      // failures are reported by the store (the runner's handleAuthWriteError); nothing more to do here
      creds.schedule().catch(() => undefined);
    };
    const onConnection = (update: Partial<ConnectionState>) => input.onConnection(update, this);
    const onFirstFrame = () => {
      this.helloDone();
    };
    // listeners go on in the same tick as the socket is made: no event can be missed
    sock.ev.on("creds.update", onCreds);
    sock.ev.on("connection.update", onConnection);
    sock.ws.once("frame", onFirstFrame);
    this.offs = [
      () => sock.ws.off("frame", onFirstFrame),
      () => sock.ev.off("creds.update", onCreds),
      () => sock.ev.off("connection.update", onConnection),
      ...attachMessageListeners(sock, input.messages, receipts, statusReceipts),
      ...attachGroupListeners(sock, input.messages, this.groups),
    ];
  }

  /** Listeners still attached (zero once closed). */
  get listeners(): number {
    return this.offs.length;
  }

  /** Listeners first, then end(), bounded: a socket that never answers cannot hold a stop up. */
  async close(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    this.helloDone();
    // receipts not yet sent stay unsent: WhatsApp gives those messages to the next socket
    this.receipts.close();
    this.statusReceipts.close();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.socket.end(undefined).catch(() => undefined),
      new Promise<void>((r) => (timer = setTimeout(r, END_SOCKET_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
  }
}

export interface SocketSlotDeps extends Omit<SocketAttemptInput, "auth"> {
  logger: Logger;
  /** epoch ms from the injected clock (the signal-key cache expires entries by it) */
  nowMs: () => number;
  /** stored creds could not log in and were replaced by new ones: the session links afresh */
  onCredsDiscarded: (discarded: DiscardedCreds) => Promise<void>;
}

/**
 * One socket at a time for a session: the old socket is closed (listeners off, then end())
 * before the next one is made. The auth state is loaded once and kept across sockets.
 */
export class SocketSlot {
  auth: LoadedAuth | null = null;
  private current: SocketAttempt | null = null;
  /** the last socket's creds writer: a stop waits for its writes even between sockets */
  private creds: CredsWriter | null = null;
  /** the auth state read ahead of the first socket (null once taken or dropped) */
  private preloaded: Promise<LoadedAuth | null> | null = null;

  constructor(private readonly deps: SocketSlotDeps) {}

  /** The current socket attempt; null between sockets (backoff) and once closed. */
  get attempt(): SocketAttempt | null {
    return this.current;
  }

  /**
   * Starts reading the auth state now, before the first socket: a worker reads the creds of
   * sessions claimed together in one shared call, while they wait for a start slot. A failed
   * read is only dropped here: the socket's own load reads again and reports it.
   */
  preload(): void {
    if (this.auth || this.preloaded) return;
    this.preloaded = loadAuthState(this.deps.authStore, this.deps.logger, this.deps.nowMs).catch(() => null);
  }

  /** Closes the current socket, then opens the next, unless `wanted()` turns false meanwhile (a stop). */
  async replace(wanted: () => boolean): Promise<boolean> {
    await this.close();
    if (!wanted()) return false;
    if (this.preloaded) {
      const preloaded = this.preloaded;
      this.preloaded = null;
      this.auth ??= await preloaded;
    }
    // creds a socket left unable to log in (e.g. `me` without an id) are reloaded, and so replaced
    if (this.auth && credsProblem(this.auth.state.creds)) {
      await this.creds?.flush();
      this.auth = null;
    }
    this.auth ??= await loadAuthState(this.deps.authStore, this.deps.logger, this.deps.nowMs);
    const discarded = this.auth.discarded;
    this.auth.discarded = null;
    if (discarded) await this.deps.onCredsDiscarded(discarded);
    // a stop or an abort may have come while the creds were loading
    if (!wanted()) return false;
    const attempt = new SocketAttempt({ ...this.deps, auth: this.auth });
    this.current = attempt;
    this.creds = attempt.creds;
    return true;
  }

  async close(): Promise<void> {
    const attempt = this.current;
    if (!attempt) return;
    this.current = null;
    await attempt.close();
  }

  /** Unlinks this device at WhatsApp over the current socket (if any); a failure is only logged. */
  async logout(): Promise<void> {
    const sock = this.current?.socket;
    if (!sock) return;
    try {
      await sock.logout();
    } catch (err) {
      this.deps.logger.warn({ err }, "unlinking at WhatsApp failed; clearing the auth state anyway");
    }
  }

  async flushCreds(): Promise<void> {
    await this.creds?.flush();
  }

  /** Forgets the auth state, stored and loaded: the next socket links afresh. */
  async clearAuth(): Promise<void> {
    this.preloaded = null;
    await this.deps.authStore.clear();
    this.auth = null;
  }
}
