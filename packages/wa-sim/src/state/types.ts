import type { SignalParty } from "../signal/party";
import type { SimConnection } from "../server/connection";
import type { DecodedMessage, MessageKind } from "../messaging/kinds";

/** A WhatsApp user the simulator plays: a contact, or the phone (device 0) of a virtual account. */
export interface Party {
  kind: "contact" | "phone";
  pn: string;
  lid: string;
  name: string;
  signal: SignalParty;
  /** Set for phones: the account this phone belongs to. */
  accountId?: string;
}

export interface SignedPreKeyRecord {
  keyId: number;
  publicKey: Buffer;
  signature: Buffer;
}

/** The companion device (device 1) linked to an account: what the client registered and uploaded. */
export interface LinkedDevice {
  noiseKey: Buffer;
  identityKey: Buffer;
  registrationId: number;
  signedPreKey: SignedPreKeyRecord;
  /** One-time prekeys uploaded by the client and not yet handed out, by id. */
  preKeys: Map<number, Buffer>;
  keyIndex: number;
  platform: string;
  linkedAt: number;
}

export type InboundStatus = "queued" | "sent" | "delivered" | "read" | "failed";

/** A message a contact sent to an account (what the account's client should receive). */
export interface InboundRecord {
  id: string;
  from: string;
  text: string;
  t: number;
  plaintext: boolean;
  status: InboundStatus;
  /** How it went on the wire last time: Signal pkmsg, msg, or the plaintext load mode. */
  encType?: "pkmsg" | "msg" | "plaintext";
  attempts: number;
  /** The contact's Signal session it last went out under (its base key, base64). */
  session?: string;
  /** Why it is `failed`: the client asked for it again as often as it may (the last resend did not get through). */
  failure?: "retries_exhausted";
  /** What the contact sent (text when absent); `content` is its proto.Message in JSON form. */
  kind?: MessageKind;
  content?: Record<string, unknown>;
  /** The account's reaction to this message ("" removed → undefined). */
  reaction?: string;
  /** Set for a message a contact posted in a group (the group's id, without `@g.us`). */
  group?: string;
}

export type OutboundStatus = "received" | "delivered" | "read";

/** A message the account's client sent, as the simulated contact decrypted it. */
export interface OutboundRecord {
  id: string;
  /** Contact phone number (digits). */
  to: string;
  /** The jid the client addressed (PN or LID); receipts come back from it. */
  chatJid: string;
  text: string | undefined;
  message: Record<string, unknown>;
  t: number;
  status: OutboundStatus;
  /** The message by kind, media downloaded and verified. */
  decoded?: DecodedMessage;
  /** Set by the account's later edit / revoke / reaction of this message. */
  editedText?: string;
  revoked?: boolean;
  reaction?: string;
  /** Set for a message the account sent to a group (the group's id); `to` is then that id too. */
  group?: string;
  /** Group sends: the members (phone numbers) whose phones could decrypt it. */
  decryptedBy?: string[];
}

export interface LoginRefusal {
  code: number;
  /** How many more logins to refuse; null = until lifted. */
  remaining: number | null;
}

/** One trusted-contact token the client issued: WhatsApp then lets the contact message it. */
export interface PrivacyTokenIssue {
  jid: string;
  /** the token's time (unix seconds) as the client sent it */
  t: number;
}

export interface Account {
  id: string;
  phone: string;
  lid: string;
  name: string;
  phoneParty: Party;
  device: LinkedDevice | undefined;
  /** The connection logged in as this account's device, if any. */
  conn: SimConnection | undefined;
  /** True once the logged-in client finished its post-login IQs; deliveries wait for it. */
  ready: boolean;
  inbox: InboundRecord[];
  received: OutboundRecord[];
  /** Privacy tokens the account's client issued to contacts (`<iq xmlns="privacy" type="set"><tokens>`). */
  privacyTokensIssued: PrivacyTokenIssue[];
  /** Receipts for the account's sent messages, waiting for it to come online. */
  pendingReceipts: Array<{ chatJid: string; ids: string[]; type: "delivered" | "read"; t: number }>;
  refusal: LoginRefusal | undefined;
  keyIndexCounter: number;
  latencyMs: number | undefined;
  /** Serializes Signal encryption and delivery per account so ratchets advance in wire order. */
  chain: Promise<void>;
}
