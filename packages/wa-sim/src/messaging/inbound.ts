import { encodeWAMessage, proto, type BinaryNode } from "@whiskeysockets/baileys";
import { randomBytes } from "node:crypto";
import { groupMessageNode } from "../groups/messages";
import { takeDeviceBundle } from "../iq/prekeys";
import type { SimContext } from "../server/context";
import type { E2ESession } from "../signal/party";
import type { Account, InboundRecord, Party } from "../state/types";
import { garbled } from "./garble";
import { keepInbound } from "./offline-queue";
import { flushPendingReceipts } from "./receipts";

export interface SendTextOptions {
  /** Message id; random (WhatsApp-like hex) when absent. */
  id?: string;
  /** Push name the contact shows (`notify`). */
  pushName?: string;
  /** Skip Signal for this message (defaults to the simulator's plaintext setting). */
  plaintext?: boolean;
}

const newMessageId = (): string => `3EB0${randomBytes(8).toString("hex").toUpperCase()}`;

/** The companion device of an account, as a Signal address on the contact's side. */
export const deviceJid = (account: Account): string => `${account.lid}:1@lid`;

/**
 * A contact sends a text to an account. Delivered at once when the account's device is online and
 * ready; otherwise it waits in the account's inbox and goes out at the next login.
 */
export function sendFromContact(
  ctx: SimContext,
  account: Account,
  contactPn: string,
  text: string,
  options: SendTextOptions & Pick<InboundRecord, "kind" | "content"> = {},
): InboundRecord {
  const party = ctx.directory.ensureContact(contactPn, options.pushName);
  const record: InboundRecord = {
    id: options.id ?? newMessageId(),
    from: party.pn,
    text,
    t: Math.floor(Date.now() / 1000),
    plaintext: options.plaintext ?? ctx.settings.plaintext,
    status: "queued",
    attempts: 0,
    ...(options.content ? { kind: options.kind, content: options.content } : {}),
  };
  keepInbound(account.inbox, record);
  ctx.stats.messagesToAccounts++;
  if (account.ready) void deliver(ctx, account, [record], false);
  return record;
}

/** Encrypts and sends records in order on the account's live connection (per-account chain). */
export function deliver(
  ctx: SimContext,
  account: Account,
  records: InboundRecord[],
  offline: boolean,
): Promise<number> {
  let sent = 0;
  const run = async (): Promise<void> => {
    for (const record of records) {
      const conn = account.conn;
      if (!conn?.isOpen || !account.device) return;
      const party = ctx.directory.partyByPn(record.from);
      if (!party) continue;
      try {
        conn.sendNode(await messageNode(account, party, record, offline));
        record.attempts++;
        if (record.status === "queued" || record.status === "failed") record.status = "sent";
        sent++;
      } catch (err) {
        record.status = "failed";
        ctx.logger.warn({ err, messageId: record.id }, "could not encrypt a contact message");
      }
    }
  };
  // Never rejects: callers fire and forget, and one bad record must not stall the account's chain.
  const done = account.chain.then(run).catch((err) => ctx.logger.warn({ err }, "delivery to an account failed"));
  account.chain = done;
  return done.then(() => sent);
}

async function messageNode(
  account: Account,
  party: Party,
  record: InboundRecord,
  offline: boolean,
): Promise<BinaryNode> {
  if (record.group) return groupMessageNode(account, party, record, offline);
  const message: proto.IMessage = record.content
    ? proto.Message.fromObject(record.content)
    : { conversation: record.text };
  const attrs: Record<string, string> = {
    from: `${party.lid}@lid`,
    sender_pn: `${party.pn}@s.whatsapp.net`,
    id: record.id,
    t: String(record.t),
    type: wireType(record.kind),
    notify: party.name,
    ...(offline ? { offline: "1" } : {}),
  };
  if (record.plaintext) {
    record.encType = "plaintext";
    return {
      tag: "message",
      attrs,
      content: [{ tag: "plaintext", attrs: {}, content: proto.Message.encode(message).finish() }],
    };
  }
  const device = account.device!;
  const target = deviceJid(account);
  const { type, ciphertext, session } = await party.signal.encryptFor(
    target,
    device.keyIndex,
    () => takeDeviceBundle(device),
    encodeWAMessage(message),
  );
  record.encType = type;
  record.session = session;
  const wire = garbled(account, party.pn, ciphertext);
  return { tag: "message", attrs, content: [{ tag: "enc", attrs: { v: "2", type }, content: wire }] };
}

const MEDIA_KINDS = new Set(["image", "video", "audio", "document", "sticker"]);

/** The stanza's `type` attribute WhatsApp uses for a kind of message. */
export const wireType = (kind: InboundRecord["kind"]): string =>
  kind && MEDIA_KINDS.has(kind) ? "media" : kind === "reaction" ? "reaction" : "text";

/**
 * The logged-in client finished its post-login IQs: deliver everything it missed (marked
 * offline), pending receipts, then `<ib><offline count/>`, which releases the client's buffered
 * events (including connection "open").
 */
export async function onAccountReady(ctx: SimContext, account: Account): Promise<void> {
  if (account.ready || !account.conn) return;
  account.ready = true;
  const conn = account.conn;
  const pending = account.inbox.filter((r) => r.status === "queued" || r.status === "sent");
  const sent = await deliver(ctx, account, pending, true);
  const receipts = flushPendingReceipts(account);
  if (account.conn !== conn) return;
  conn.sendNode({ tag: "ib", attrs: {}, content: [{ tag: "offline", attrs: { count: String(sent + receipts) } }] });
}

/** How often a contact sends one message again on the client's retry receipts (Baileys' maxMsgRetryCount). */
export const MAX_RESENDS = 5;

/**
 * The client could not decrypt a contact's message and asked for it again (the `count`-th
 * time). Like a real sender: a key bundle in the receipt starts a new session (once per broken
 * session, not once per message of a burst: each new session would close the one the burst's
 * next messages use), and the message goes out again. The client asks MAX_RESENDS times at
 * most; the last resend marks the message `failed` (`retries_exhausted`) until a delivery
 * receipt says it got through, so a message the client never reads is never silently `sent`.
 */
export async function retryDelivery(
  ctx: SimContext,
  account: Account,
  messageId: string,
  retry: { count: number; bundle: E2ESession | null },
): Promise<void> {
  const record = account.inbox.find((r) => r.id === messageId);
  if (!record || record.plaintext || record.status === "delivered" || record.status === "read") return;
  const party = ctx.directory.partyByPn(record.from);
  const device = account.device;
  if (!party || !device || retry.count > MAX_RESENDS) return;
  await party.signal.sessionForRetry(deviceJid(account), device.keyIndex, record.session, retry.bundle);
  await deliver(ctx, account, [record], false);
  if (retry.count === MAX_RESENDS && record.status === "sent") {
    record.status = "failed";
    record.failure = "retries_exhausted";
    ctx.logger.warn({ messageId: record.id }, "the client kept failing to decrypt a contact message: last resend");
  }
}
