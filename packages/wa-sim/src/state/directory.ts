import { jidDecode } from "@whiskeysockets/baileys";
import { randomInt } from "node:crypto";
import type { Logger } from "pino";
import { SimError } from "../errors";
import { SignalParty } from "../signal/party";
import { accountSnapshot, restoreDevice, SIM_STATE_VERSION, type SimSnapshot } from "./snapshot";
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

  /** `onChange` hears every change worth saving (the simulator's state store debounces it). */
  constructor(
    private readonly logger: Logger,
    readonly changed: () => void = () => undefined,
  ) {}

  /** Everything worth keeping across a restart, as plain data (see SimSnapshot). */
  snapshot(): SimSnapshot {
    return {
      version: SIM_STATE_VERSION,
      savedAt: new Date().toISOString(),
      nextPhone: this.nextPhone,
      parties: [...this.byPn.values()].map((p) => ({
        kind: p.kind,
        pn: p.pn,
        lid: p.lid,
        name: p.name,
        ...(p.accountId ? { accountId: p.accountId } : {}),
        signal: p.signal.snapshot(),
      })),
      accounts: [...this.accounts.values()].map(accountSnapshot),
    };
  }

  /** Loads a snapshot into this (empty) directory. */
  restore(saved: SimSnapshot): void {
    if (this.byPn.size > 0) throw new Error("restore needs an empty directory");
    this.nextPhone = saved.nextPhone;
    for (const p of saved.parties) {
      const party: Party = {
        kind: p.kind,
        pn: p.pn,
        lid: p.lid,
        name: p.name,
        signal: SignalParty.restore(this.logger, p.signal, this.changed),
        ...(p.accountId ? { accountId: p.accountId } : {}),
      };
      this.byPn.set(party.pn, party);
      this.byLid.set(party.lid, party);
    }
    for (const a of saved.accounts) {
      const phoneParty = this.byPn.get(a.phone);
      if (!phoneParty) throw new Error(`saved account ${a.id} has no phone party`);
      const account = this.newAccount(a.phone, phoneParty);
      account.name = a.name;
      account.device = a.device ? restoreDevice(a.device) : undefined;
      account.keyIndexCounter = a.keyIndexCounter;
      this.accounts.set(account.id, account);
    }
  }

  static isPhone(value: string): boolean {
    return PHONE_RE.test(value);
  }

  createAccount(input: CreateAccountInput = {}): Account {
    const phone = input.phone ?? this.allocatePhone();
    if (!Directory.isPhone(phone)) throw new SimError("invalid_body", "phone must be 6-15 digits", { field: "phone" });
    if (this.byPn.has(phone)) throw new SimError("phone_taken", `phone ${phone} is already a simulated user`);
    const phoneParty = this.addParty("phone", phone, input.name ?? `Account ${phone.slice(-4)}`, phone);
    const account = this.newAccount(phone, phoneParty);
    this.accounts.set(account.id, account);
    this.changed();
    return account;
  }

  private newAccount(phone: string, phoneParty: Party): Account {
    return {
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
      privacyTokensIssued: [],
      pendingReceipts: [],
      refusal: undefined,
      keyIndexCounter: 0,
      latencyMs: undefined,
      chain: Promise.resolve(),
    };
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
      if (name && existing.kind === "contact" && existing.name !== name) {
        existing.name = name;
        this.changed();
      }
      return existing;
    }
    const party = this.addParty("contact", pn, name ?? `Contact ${pn.slice(-4)}`);
    this.changed();
    return party;
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
      signal: new SignalParty(this.logger, this.changed),
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
