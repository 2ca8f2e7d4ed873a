import type { BinaryNode } from "@whiskeysockets/baileys";
import type { SimConnection } from "../server/connection";
import type { Account, InboundRecord } from "../state/types";

/**
 * What the server keeps for a device until the device confirms it, as WhatsApp does: contact
 * messages until the device's delivery receipt, receipts for the device's own messages until
 * the device acks them. A device that drops (or whose process dies) before confirming gets
 * them again at its next login, marked offline.
 */

/** Inbound records kept at most (bounded memory for long demos); undelivered ones are never dropped. */
export const MAX_KEPT_INBOUND = 1000;

const waiting = (r: InboundRecord) => r.status === "queued" || r.status === "sent";

/**
 * Appends a contact's message to the account's inbox. Trimming drops the oldest records the
 * device already confirmed (or that failed), never one still waiting for the device.
 */
export function keepInbound(inbox: InboundRecord[], record: InboundRecord): void {
  inbox.push(record);
  let excess = inbox.length - MAX_KEPT_INBOUND;
  for (let i = 0; excess > 0 && i < inbox.length; ) {
    if (waiting(inbox[i]!)) i++;
    else {
      inbox.splice(i, 1);
      excess--;
    }
  }
}

type PendingReceipt = Account["pendingReceipts"][number];

/** Receipts on a connection that the device has not acked yet, by type and stanza id. */
const unacked = new WeakMap<SimConnection, Map<string, PendingReceipt>>();

/** Sends a receipt stanza and keeps it until the device acks it. */
export function sendTrackedReceipt(conn: SimConnection, receipt: PendingReceipt, node: BinaryNode): void {
  let map = unacked.get(conn);
  if (!map) {
    map = new Map();
    unacked.set(conn, map);
  }
  map.set(`${receipt.type}|${receipt.ids[0]}`, receipt);
  conn.sendNode(node);
}

/** The device acked a receipt (`<ack class="receipt" id [type="read"]>`): the server forgets it. */
export function receiptAcked(conn: SimConnection, id: string, type: string | undefined): void {
  unacked.get(conn)?.delete(`${type === "read" ? "read" : "delivered"}|${id}`);
}

/**
 * The connection closed: receipts it never acked wait for the account's next login again,
 * ahead of newer ones (their order on the wire is kept).
 */
export function requeueUnackedReceipts(account: Account, conn: SimConnection): void {
  const map = unacked.get(conn);
  if (!map?.size) return;
  account.pendingReceipts.unshift(...map.values());
  map.clear();
}

/** Receipts on their way to the device (and none of them lost with a dropped connection). */
export function unackedReceiptCount(conn: SimConnection): number {
  return unacked.get(conn)?.size ?? 0;
}
