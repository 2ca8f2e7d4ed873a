import { EventEmitter } from "node:events";
import type { WASocket } from "@whiskeysockets/baileys";
import type { AuthKeyWrites } from "@wharf/aws";
import type { AuthStore } from "../session/baileys-auth";
import type { SocketInput } from "../session/socket-factory";
import type { OwnerPatch, SessionStateWriter } from "@wharf/core";

/**
 * In-memory stand-ins for unit tests of the SessionRunner (in addition to the integration
 * tests against the simulator, not instead of them): a socket whose events the test drives.
 */
export class FakeSocket {
  readonly ev = new EventEmitter();
  /** the raw node stream (Baileys emits `CB:<tag>` on it) */
  readonly ws = new EventEmitter();
  ended = false;
  loggedOut = false;
  readonly sent: Array<{ jid: string; text: string; messageId?: string }> = [];

  constructor(readonly input: SocketInput) {}

  async end(): Promise<void> {
    this.ended = true;
  }
  async logout(): Promise<void> {
    this.loggedOut = true;
    this.close(401);
  }
  async requestPairingCode(): Promise<string> {
    return "ABCD1234";
  }
  async sendPresenceUpdate(): Promise<void> {}
  async sendMessage(jid: string, content: { text: string }, opts: { messageId?: string }) {
    this.sent.push({ jid, text: content.text, ...(opts.messageId ? { messageId: opts.messageId } : {}) });
    return { key: { id: opts.messageId }, message: { conversation: content.text } };
  }

  qr(qr = "2@fake,qr"): void {
    this.ev.emit("connection.update", { qr });
  }
  /** `name`: the push name Baileys keeps in creds.me once WhatsApp sent it */
  open(meId = "4915100000001:1@s.whatsapp.net", name?: string): void {
    this.input.auth.creds.me = { id: meId, ...(name === undefined ? {} : { name }) };
    // what pair-success leaves behind: the phone-signed device identity
    this.input.auth.creds.account ??= { details: Buffer.alloc(1) };
    this.ev.emit("connection.update", { connection: "open" });
  }
  close(code?: number): void {
    // the shape Baileys closes with (a Boom carrying output.statusCode)
    const error = code === undefined ? undefined : Object.assign(new Error("closed"), { output: { statusCode: code } });
    this.ev.emit("connection.update", { connection: "close", lastDisconnect: { error, date: new Date() } });
  }
  /** listeners left on the socket's event emitters */
  listeners(): number {
    const count = (em: EventEmitter) => em.eventNames().reduce((n, e) => n + em.listenerCount(e), 0);
    return count(this.ev) + count(this.ws);
  }
}

export function fakeSocketFactory(): { sockets: FakeSocket[]; make: (input: SocketInput) => WASocket } {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    make: (input) => {
      const s = new FakeSocket(input);
      sockets.push(s);
      return s as unknown as WASocket;
    },
  };
}

export class MemoryAuthStore implements AuthStore {
  creds: unknown = null;
  readonly keys = new Map<string, unknown>();
  failWrites: Error | null = null;
  clears = 0;

  async readCreds() {
    return this.creds;
  }
  async writeCreds(creds: unknown) {
    if (this.failWrites) throw this.failWrites;
    this.creds = JSON.parse(JSON.stringify(creds));
  }
  async getKeys(type: string, ids: readonly string[]) {
    const out: Record<string, unknown> = {};
    for (const id of ids) if (this.keys.has(`${type}.${id}`)) out[id] = this.keys.get(`${type}.${id}`);
    return out;
  }
  async setKeys(data: AuthKeyWrites) {
    if (this.failWrites) throw this.failWrites;
    for (const [type, byId] of Object.entries(data))
      for (const [id, v] of Object.entries(byId))
        v == null ? this.keys.delete(`${type}.${id}`) : this.keys.set(`${type}.${id}`, v);
  }
  async clear() {
    this.clears++;
    const n = this.keys.size + (this.creds ? 1 : 0);
    this.creds = null;
    this.keys.clear();
    return n;
  }
}

export class MemoryStateWriter implements SessionStateWriter {
  readonly writes: OwnerPatch[] = [];
  fail: Error | null = null;
  async write(patch: OwnerPatch): Promise<void> {
    if (this.fail) throw this.fail;
    this.writes.push(patch);
  }
  get last(): OwnerPatch | undefined {
    return this.writes.at(-1);
  }
}
