import { ChatApi } from "./chat-api";
import { GroupsApi } from "./groups/api";
import { ContactsApi } from "./contacts-api";
import { SimError } from "./errors";
import { applyDisconnect, resetContactSession, type DisconnectFault } from "./faults";
import { failDecrypts } from "./messaging/retry-request";
import { garbleMessages } from "./messaging/garble";
import { sendFromContact, type SendTextOptions } from "./messaging/inbound";
import { sendReceipts, type ReceiptType } from "./messaging/receipts";
import { enterPairingCode } from "./pairing/pairing-code";
import { scanQr } from "./pairing/qr";
import type { SimContext, SimStats } from "./server/context";
import type { CreateAccountInput } from "./state/directory";
import type { Account, InboundRecord, OutboundRecord, PrivacyTokenIssue } from "./state/types";

export interface AccountView {
  id: string;
  phone: string;
  /** `PHONE@s.whatsapp.net` */
  jid: string;
  lid: string;
  /** `LID@lid` */
  lidJid: string;
  name: string;
  linked: boolean;
  online: boolean;
  keyIndex: number | null;
  uploadedPreKeys: number;
  refusingLogins: { code: number; remaining: number | null } | null;
  latencyMs: number | null;
}

export type InboundMessageView = Readonly<InboundRecord>;
export type ReceivedMessageView = Readonly<OutboundRecord>;

export interface SimulatorStats extends SimStats {
  accounts: number;
  onlineAccounts: number;
  connections: number;
  /** CPU is read before the optional forced GC (whose own cost is gcCpuMicros); memory after it. */
  process: {
    rssBytes: number;
    heapUsedBytes: number;
    cpuUserMicros: number;
    cpuSystemMicros: number;
    gcCpuMicros: number;
  };
}

interface Binding {
  url: string;
  adminUrl: string;
  port: number;
  host: string;
  mediaOrigin: string;
  restart: (downMs: number) => Promise<void>;
  close: () => Promise<void>;
}

const view = (a: Account): AccountView => ({
  id: a.id,
  phone: a.phone,
  jid: `${a.phone}@s.whatsapp.net`,
  lid: a.lid,
  lidJid: `${a.lid}@lid`,
  name: a.name,
  linked: a.device !== undefined,
  online: a.conn?.isOpen === true,
  keyIndex: a.device?.keyIndex ?? null,
  uploadedPreKeys: a.device?.preKeys.size ?? 0,
  refusingLogins: a.refusal ? { ...a.refusal } : null,
  latencyMs: a.latencyMs ?? null,
});

/** The simulator's TypeScript control surface (the admin HTTP API maps onto it one to one). */
export class SimulatorApi {
  private binding: Binding | undefined;
  /** Every message kind and presence from contacts; media and activity the account sent. */
  readonly chat: ChatApi;
  /** Groups: members create, post, change members, subject and settings (groups/). */
  readonly groups: GroupsApi;
  /** Contacts' profile pictures and status texts, numbers not on WhatsApp, blocklists. */
  readonly contacts: ContactsApi;

  constructor(
    private readonly ctx: SimContext,
    /** Public key of the certificate root; clients must trust it (see trustSimulatorRoot). */
    readonly rootPublicKey: Buffer,
  ) {
    this.chat = new ChatApi(ctx);
    this.groups = new GroupsApi(ctx);
    this.contacts = new ContactsApi(ctx);
  }

  /** @internal set once the server listens. */
  bind(binding: Binding): void {
    this.binding = binding;
  }

  /** `ws://HOST:PORT/ws/chat`: pass as Baileys' `waWebSocketUrl`. */
  get url(): string {
    return this.bound().url;
  }
  /** `http://HOST:PORT/admin` */
  get adminUrl(): string {
    return this.bound().adminUrl;
  }
  get port(): number {
    return this.bound().port;
  }
  get host(): string {
    return this.bound().host;
  }
  /** `https://HOST:PORT` of the media host (certificate from the simulator's CA, see simulatorMediaCaPem). */
  get mediaOrigin(): string {
    return this.bound().mediaOrigin;
  }

  createAccount(input: CreateAccountInput = {}): AccountView {
    return view(this.ctx.directory.createAccount(input));
  }
  getAccount(id: string): AccountView {
    return view(this.ctx.directory.getAccount(id));
  }
  listAccounts(): AccountView[] {
    return [...this.ctx.directory.accounts.values()].map(view);
  }

  /** The account's phone scans the QR a client shows; resolves once the device is linked (the client then restarts with 515). */
  async scanQr(accountId: string, qr: string): Promise<AccountView> {
    const account = this.ctx.directory.getAccount(accountId);
    await scanQr(this.ctx, account, qr);
    return view(account);
  }

  /** The account's phone enters the code a client shows after requestPairingCode; resolves once linked. */
  async enterPairingCode(accountId: string, code: string): Promise<AccountView> {
    const account = this.ctx.directory.getAccount(accountId);
    await enterPairingCode(this.ctx, account, code);
    return view(account);
  }

  /** A contact (any phone number; created on first use) sends a text to the account. */
  sendText(accountId: string, fromPn: string, text: string, options?: SendTextOptions): InboundMessageView {
    return { ...sendFromContact(this.ctx, this.ctx.directory.getAccount(accountId), fromPn, text, options) };
  }

  /** Messages contacts sent to the account, with their delivery status as the client reported it. */
  inbox(accountId: string): InboundMessageView[] {
    return this.ctx.directory.getAccount(accountId).inbox.map((r) => ({ ...r }));
  }

  /** Messages the account's client sent, as the contacts decrypted them. */
  received(accountId: string): ReceivedMessageView[] {
    return this.ctx.directory.getAccount(accountId).received.map((r) => ({ ...r }));
  }

  /** Privacy tokens the account's client issued to contacts, in the order they arrived. */
  privacyTokensIssued(accountId: string): PrivacyTokenIssue[] {
    return this.ctx.directory.getAccount(accountId).privacyTokensIssued.map((r) => ({ ...r }));
  }

  /** Contacts report delivery/read of the account's messages (all pending, or the given ids). Returns how many changed. */
  sendReceipts(accountId: string, type: ReceiptType, messageIds?: string[]): number {
    return sendReceipts(this.ctx.directory.getAccount(accountId), type, messageIds);
  }

  /** Disconnects the account's live connection; returns the DisconnectReason code the client will report. */
  disconnect(accountId: string, fault: DisconnectFault): number {
    return applyDisconnect(this.ctx.directory.getAccount(accountId), fault);
  }

  /** The contact forgets its Signal session with the account: its next message starts a new one. */
  resetContactSession(accountId: string, contactPn: string): Promise<void> {
    return resetContactSession(this.ctx, this.ctx.directory.getAccount(accountId), contactPn);
  }

  /**
   * The contact's phone cannot decrypt the next `copies` messages the account sends it (a broken
   * Signal session that a fresh key bundle does not mend): it asks for each again, then gives up.
   */
  failContactDecrypts(accountId: string, contactPn: string, copies: number): void {
    failDecrypts(this.ctx.directory.getAccount(accountId), contactPn, copies);
  }

  /**
   * The next `copies` messages the contact sends the account arrive garbled (their Signal MAC
   * broken): the client cannot decrypt them and asks again; with more copies than it asks for
   * (5 resends), the message is never readable.
   */
  garbleContactMessages(accountId: string, contactPn: string, copies: number): void {
    garbleMessages(this.ctx.directory.getAccount(accountId), contactPn, copies);
  }

  /** Refuse the account's next logins with `<failure reason=code>` (`times` logins, or until lifted with null). */
  refuseLogins(accountId: string, code: number | null, times?: number): void {
    const account = this.ctx.directory.getAccount(accountId);
    account.refusal = code === null ? undefined : { code, remaining: times ?? null };
  }

  /** Forget the account's linked device (its next login gets 401). Does not touch a live connection. */
  unlink(accountId: string): void {
    this.ctx.directory.getAccount(accountId).device = undefined;
    this.ctx.directory.changed();
  }

  /** Delay every frame the simulator sends (all connections, or one account's). null clears an account override. */
  setLatency(ms: number | null, accountId?: string): void {
    if (accountId !== undefined) this.ctx.directory.getAccount(accountId).latencyMs = ms ?? undefined;
    else this.ctx.settings.latencyMs = Math.max(0, ms ?? 0);
  }

  /** Restart the server: every connection drops, nothing listens for `downMs`, accounts and devices survive. */
  restart(downMs: number): Promise<void> {
    return this.bound().restart(downMs);
  }

  /** Leave the next `count` ClientHellos unanswered (the client reports 408 after connectTimeoutMs). */
  stallHandshakes(count: number): void {
    this.ctx.faults.stallHandshakes = Math.max(0, count);
  }

  /** Let the next `count` new devices in with `<success>` and no linked account (a stand-in that skips linking). */
  openWithoutAccount(count: number): void {
    this.ctx.faults.openUnlinked = Math.max(0, count);
  }

  /** Answer the next `count` ClientHellos with garbage: the client fails without a status code. */
  garbleHandshakes(count: number): void {
    this.ctx.faults.garbleHandshakes = Math.max(0, count);
  }

  /** Counters plus this process's memory and CPU; `gc` collects garbage first if Node runs with --expose-gc. */
  stats(options: { gc?: boolean } = {}): SimulatorStats {
    const cpu = process.cpuUsage();
    const gc = (globalThis as { gc?: () => void }).gc;
    if (options.gc && gc) {
      gc();
      gc();
    }
    const gcCpu = process.cpuUsage(cpu);
    const accounts = [...this.ctx.directory.accounts.values()];
    const mem = process.memoryUsage();
    return {
      ...this.ctx.stats,
      accounts: accounts.length,
      onlineAccounts: accounts.filter((a) => a.conn?.isOpen).length,
      connections: this.ctx.connections.size,
      process: {
        rssBytes: mem.rss,
        heapUsedBytes: mem.heapUsed,
        cpuUserMicros: cpu.user,
        cpuSystemMicros: cpu.system,
        gcCpuMicros: gcCpu.user + gcCpu.system,
      },
    };
  }

  close(): Promise<void> {
    return this.bound().close();
  }

  private bound(): Binding {
    if (!this.binding) throw new SimError("not_found", "simulator is not listening");
    return this.binding;
  }
}
