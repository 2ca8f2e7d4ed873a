import {
  getBinaryNodeChild,
  getBinaryNodeChildren,
  proto,
  unpadRandomMax16,
  type BinaryNode,
} from "@whiskeysockets/baileys";
import { deviceJid } from "../messaging/inbound";
import { applyToTarget, decodeMessage } from "../messaging/kinds";
import { ackWithheld } from "../messaging/refusals";
import type { SimConnection } from "../server/connection";
import type { SimContext } from "../server/context";
import { Directory } from "../state/directory";
import "../signal/verified-signatures";
import type { Account } from "../state/types";
import { bufferContent, nowSeconds } from "../wire/nodes";
import { isAdmin } from "./model";

/**
 * A message the account's client sent to a group (Baileys' relayMessage group path): the
 * `<participants>` copies carry its SenderKeyDistributionMessage 1:1 to member devices, the
 * body is one `skmsg` under its sender key. Every simulated member takes up the key and
 * decrypts the body; the account's `received()` records it once, with `group` set.
 * Refusals come back in the ack: 404 unknown group, 403 not a member (or not an admin in an
 * announcement group).
 */
export async function handleClientGroupMessage(ctx: SimContext, conn: SimConnection, node: BinaryNode): Promise<void> {
  const account = conn.account;
  const { id, to } = node.attrs;
  if (!account?.device || !id || !to) return;
  const author = deviceJid(account);
  const generation = account.device.keyIndex;
  const lost = ackWithheld(account);
  let step = 0;
  for (const copy of getBinaryNodeChildren(getBinaryNodeChild(node, "participants"), "to")) {
    if (++step % YIELD_EVERY === 0) await yieldToHost();
    const enc = getBinaryNodeChild(copy, "enc");
    const party = copy.attrs.jid ? ctx.directory.partyForJid(copy.attrs.jid) : undefined;
    const type = enc?.attrs.type;
    const ciphertext = bufferContent(enc);
    if (!party || !ciphertext || (type !== "pkmsg" && type !== "msg")) continue;
    try {
      const plaintext = await party.signal.decrypt(author, type, ciphertext, generation);
      const skdm = proto.Message.decode(unpadRandomMax16(plaintext)).senderKeyDistributionMessage;
      if (skdm) await party.signal.processSenderKey(author, skdm);
    } catch (err) {
      ctx.logger.warn({ err, messageId: id }, "a simulated group member could not take up a sender key");
    }
  }
  const group = ctx.groups.find(to);
  const refusal = !group
    ? "404"
    : !group.members.has(account.phone) || (group.announce && !isAdmin(group, account.phone))
      ? "403"
      : undefined;
  const skmsg = getBinaryNodeChildren(node, "enc").find((e) => e.attrs.type === "skmsg");
  const body = bufferContent(skmsg);
  let message: proto.IMessage | undefined;
  const decryptedBy: string[] = [];
  if (group && !refusal && body) {
    for (const pn of group.members.keys()) {
      const party = pn === account.phone ? undefined : ctx.directory.partyByPn(pn);
      if (!party) continue;
      if (++step % YIELD_EVERY === 0) await yieldToHost();
      try {
        const plaintext = await party.signal.decryptGroup(to, author, body);
        message ??= proto.Message.decode(unpadRandomMax16(plaintext));
        decryptedBy.push(pn);
      } catch (err) {
        ctx.logger.warn({ err, messageId: id }, "a simulated group member could not decrypt a group message");
      }
    }
  }
  if (lost) return;
  conn.sendNode({
    tag: "ack",
    attrs: { id, class: "message", from: to, t: nowSeconds(), ...(refusal ? { error: refusal } : {}) },
  });
  if (!message || !group) return;
  const decoded = decodeMessage(ctx, account, id, message);
  applyToTarget(account, decoded);
  ctx.stats.messagesFromAccounts++;
  Directory.remember(account.received, {
    id,
    to: group.id,
    group: group.id,
    chatJid: to,
    text: message.conversation ?? message.extendedTextMessage?.text ?? undefined,
    message: proto.Message.toObject(proto.Message.fromObject(message), { bytes: String, longs: Number }) as Record<
      string,
      unknown
    >,
    t: Math.floor(Date.now() / 1000),
    status: "received",
    decoded,
    decryptedBy,
  });
  if (ctx.settings.autoDeliveryReceipts) {
    const members = [...group.members.keys()].filter((pn) => pn !== account.phone);
    setTimeout(() => sendGroupReceipts(ctx, account, to, id, members), ctx.settings.deliveryReceiptDelayMs).unref();
  }
}

/**
 * Each member's Signal step settles in microtasks: a 256-member group would hold the host's event
 * loop for the whole fan-out (in `npm start -- --sim` that host also runs the API and consumers).
 */
const YIELD_EVERY = 16;
const yieldToHost = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Members' phones report delivery one by one: `<receipt from=group participant=member>`, which
 * Baileys turns into message-receipt.update (a group message has no single delivered status).
 */
function sendGroupReceipts(ctx: SimContext, account: Account, groupJid: string, id: string, members: string[]): void {
  const record = account.received.find((r) => r.id === id);
  const conn = account.conn;
  if (!record || !conn?.isOpen) return;
  record.status = "delivered";
  for (const pn of members) {
    const party = ctx.directory.partyByPn(pn);
    if (!party) continue;
    conn.sendNode({
      tag: "receipt",
      attrs: { from: groupJid, participant: `${party.lid}@lid`, id, t: nowSeconds() },
    });
  }
}
