import { jidDecode } from "@whiskeysockets/baileys";
import { randomInt } from "node:crypto";
import type { Logger } from "pino";
import { SimError } from "../errors";
import { SignalParty } from "../signal/party";
import type { Account, Party } from "./types";

const PHONE_RE = /^[1-9][0-9]{5,14}$/;
const MAX_RECORDS = 1000;

export interface CreateAccountInput {
  /** Phone number, digits only (country code first). Allocated when absent. */
  phone?: string;
  name?: string;
}

/**
 * Everyone the simulator knows: virtual accounts (each with its phone as a Signal party),
 * contacts, and the PN↔LID directory. One namespace of phone numbers for both.
 */
export class Directory {
  readonly accounts = new Map<string, Account>();
  private readonly byPn = new Map<string, Party>();
  private readonly byLid = new Map<string, Party>();
  private nextPhone = 15550100000;

  constructor(private readonly logger: Logger) {}

  static isPhone(value: string): boolean {
    return PHONE_RE.test(value);
  }

  createAccount(input: CreateAccountInput = {}): Account {
    const phone = input.phone ?? this.allocatePhone();
    if (!Directory.isPhone(phone)) throw new SimError("invalid_body", "phone must be 6-15 digits", { field: "phone" });
    if (this.byPn.has(phone)) throw new SimError("phone_taken", `phone ${phone} is already a simulated user`);
    const phoneParty = this.addParty("phone", phone, input.name ?? `Account ${phone.slice(-4)}`, phone);
    const account: Account = {
      id: phone,
      phone,
      lid: phoneParty.lid,
      name: phoneParty.name,
      phoneParty,
      device: undefined,
      conn: undefined,
      ready: false,
      inbox: [],
      received: [],
      pendingReceipts: [],
      refusal: undefined,
      keyIndexCounter: 0,
      latencyMs: undefined,
      chain: Promise.resolve(),
    };
    this.accounts.set(account.id, account);
    return account;
  }

  getAccount(id: string): Account {
    const account = this.accounts.get(id);
    if (!account) throw new SimError("account_not_found", `no simulated account ${id}`);
    return account;
  }

  /** The contact with this phone number, created on first use (any number "is on WhatsApp"). */
  ensureContact(pn: string, name?: string): Party {
    if (!Directory.isPhone(pn))
      throw new SimError("invalid_body", "contact phone must be 6-15 digits", { field: "pn" });
    const existing = this.byPn.get(pn);
    if (existing) {
      if (name && existing.kind === "contact") existing.name = name;
      return existing;
    }
    return this.addParty("contact", pn, name ?? `Contact ${pn.slice(-4)}`);
  }

  partyByPn(pn: string): Party | undefined {
    return this.byPn.get(pn);
  }

  partyByLid(lid: string): Party | undefined {
    return this.byLid.get(lid);
  }

  /** Resolves a user or device jid (PN or LID form) to the party behind it. */
  partyForJid(jid: string): Party | undefined {
    const decoded = jidDecode(jid);
    if (!decoded?.user) return undefined;
    if (decoded.server === "lid") return this.byLid.get(decoded.user);
    if (decoded.server === "s.whatsapp.net") return this.byPn.get(decoded.user);
    return undefined;
  }

  accountOfParty(party: Party): Account | undefined {
    return party.accountId ? this.accounts.get(party.accountId) : undefined;
  }

  /** Appends to a bounded history list (inbox/received) so long demos do not grow without end. */
  static remember<T>(list: T[], item: T): void {
    list.push(item);
    if (list.length > MAX_RECORDS) list.splice(0, list.length - MAX_RECORDS);
  }

  private addParty(kind: Party["kind"], pn: string, name: string, accountId?: string): Party {
    const party: Party = {
      kind,
      pn,
      lid: this.allocateLid(),
      name,
      signal: new SignalParty(this.logger),
      ...(accountId ? { accountId } : {}),
    };
    this.byPn.set(pn, party);
    this.byLid.set(party.lid, party);
    return party;
  }

  private allocatePhone(): string {
    while (this.byPn.has(String(this.nextPhone))) this.nextPhone++;
    return String(this.nextPhone++);
  }

  private allocateLid(): string {
    for (;;) {
      const lid = String(randomInt(100_000_000_000_000, 281_474_976_710_655));
      if (!this.byLid.has(lid)) return lid;
    }
  }
}
