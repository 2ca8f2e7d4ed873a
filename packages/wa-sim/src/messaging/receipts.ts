import {
  extractE2ESessionFromRetryReceipt,
  getBinaryNodeChild,
  getBinaryNodeChildren,
  type BinaryNode,
} from "@whiskeysockets/baileys";
import type { SimConnection } from "../server/connection";
import type { SimContext } from "../server/context";
import type { Account, InboundStatus, OutboundStatus } from "../state/types";
import { retryDelivery } from "./inbound";
import { receiptAcked, sendTrackedReceipt } from "./offline-queue";

export type ReceiptType = "delivered" | "read";

const STATUS_RANK: Record<OutboundStatus, number> = { received: 0, delivered: 1, read: 2 };
const INBOUND_RANK: Record<InboundStatus, number> = { failed: -1, queued: 0, sent: 1, delivered: 2, read: 3 };

function receiptNode(chatJid: string, ids: string[], type: ReceiptType, t: number): BinaryNode {
  const [first, ...rest] = ids;
  return {
    tag: "receipt",
    attrs: { from: chatJid, id: first!, t: String(t), ...(type === "read" ? { type: "read" } : {}) },
    ...(rest.length
      ? { content: [{ tag: "list", attrs: {}, content: rest.map((id) => ({ tag: "item", attrs: { id } })) }] }
      : {}),
  };
}

/**
 * Contacts report delivery or reading of messages the account sent (all not yet at that status,
 * or the given ids). Goes out now if the account is online, else at its next login. Returns how
 * many messages changed status.
 */
export function sendReceipts(account: Account, type: ReceiptType, messageIds?: string[]): number {
  const wanted = messageIds ? new Set(messageIds) : undefined;
  const target: OutboundStatus = type === "read" ? "read" : "delivered";
  const byChat = new Map<string, string[]>();
  for (const record of account.received) {
    if (wanted && !wanted.has(record.id)) continue;
    if (STATUS_RANK[record.status] >= STATUS_RANK[target]) continue;
    record.status = target;
    byChat.set(record.chatJid, [...(byChat.get(record.chatJid) ?? []), record.id]);
  }
  const t = Math.floor(Date.now() / 1000);
  let changed = 0;
  for (const [chatJid, ids] of byChat) {
    changed += ids.length;
    const receipt = { chatJid, ids, type, t };
    if (account.ready && account.conn) sendTrackedReceipt(account.conn, receipt, receiptNode(chatJid, ids, type, t));
    else account.pendingReceipts.push(receipt);
  }
  return changed;
}

/** Sends receipts that waited for the account to come online; returns how many stanzas went out. */
export function flushPendingReceipts(account: Account): number {
  const pending = account.pendingReceipts.splice(0);
  const conn = account.conn;
  if (!conn) {
    account.pendingReceipts.unshift(...pending);
    return 0;
  }
  for (const r of pending) sendTrackedReceipt(conn, r, receiptNode(r.chatJid, r.ids, r.type, r.t));
  return pending.length;
}

/**
 * The client's receipts for messages contacts sent it: delivered (no type or "inactive"), read,
 * or retry (decryption failed: start a fresh session and send again). Every receipt is acked.
 */
export async function handleClientReceipt(ctx: SimContext, conn: SimConnection, node: BinaryNode): Promise<void> {
  const account = conn.account;
  const { id, to, type } = node.attrs;
  if (id) conn.sendNode({ tag: "ack", attrs: { id, class: "receipt", from: to ?? "", ...(type ? { type } : {}) } });
  if (!account || !id) return;
  const ids = [id, ...getBinaryNodeChildren(getBinaryNodeChild(node, "list"), "item").map((i) => i.attrs.id ?? "")];
  if (type === "retry") {
    const count = Number(getBinaryNodeChild(node, "retry")?.attrs.count ?? 1) || 1;
    await retryDelivery(ctx, account, id, { count, bundle: extractE2ESessionFromRetryReceipt(node) });
    return;
  }
  const status: InboundStatus | undefined =
    type === undefined || type === "inactive"
      ? "delivered"
      : type === "read" || type === "read-self"
        ? "read"
        : undefined;
  if (!status) return;
  for (const record of account.inbox) {
    if (ids.includes(record.id) && INBOUND_RANK[record.status] < INBOUND_RANK[status]) {
      record.status = status;
      record.failure = undefined; // the last resend got through after all
    }
  }
}

/**
 * The client's acks: for a receipt the server sent, it may forget it; a negative ack
 * (`<ack error=…>`) for a delivered message means the client could not process it.
 */
export function handleClientAck(conn: SimConnection, node: BinaryNode): void {
  if (node.attrs.class === "receipt" && node.attrs.id) receiptAcked(conn, node.attrs.id, node.attrs.type);
  const account = conn.account;
  if (!account || node.attrs.class !== "message" || !node.attrs.error) return;
  const record = account.inbox.find((r) => r.id === node.attrs.id);
  if (record && record.status === "sent") record.status = "failed";
}
