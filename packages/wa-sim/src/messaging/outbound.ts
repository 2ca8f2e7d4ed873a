import {
  getBinaryNodeChild,
  getBinaryNodeChildren,
  proto,
  unpadRandomMax16,
  type BinaryNode,
} from "@whiskeysockets/baileys";
import type { SimConnection } from "../server/connection";
import type { SimContext } from "../server/context";
import { Directory } from "../state/directory";
import type { Account, OutboundRecord } from "../state/types";
import { bufferContent, nowSeconds } from "../wire/nodes";
import { deviceJid } from "./inbound";
import { applyToTarget, decodeMessage } from "./kinds";
import { sendReceipts } from "./receipts";
import { ackWithheld, refusalFor } from "./refusals";
import { decryptFault, requestRetry } from "./retry-request";

interface Copy {
  jid: string;
  enc: BinaryNode;
}

/** Each `<to jid><enc/></to>` of the stanza, or a bare `<enc>` addressed by the stanza itself. */
function copiesOf(node: BinaryNode): Copy[] {
  const copies: Copy[] = [];
  for (const to of getBinaryNodeChildren(getBinaryNodeChild(node, "participants"), "to")) {
    const enc = getBinaryNodeChild(to, "enc");
    if (to.attrs.jid && enc) copies.push({ jid: to.attrs.jid, enc });
  }
  const direct = getBinaryNodeChild(node, "enc");
  const target = node.attrs.to;
  if (direct && target) copies.push({ jid: target, enc: direct });
  return copies;
}

const textOf = (message: proto.IMessage): string | undefined =>
  message.conversation ?? message.extendedTextMessage?.text ?? undefined;

/**
 * A message from the account's client: every recipient device decrypts its copy with its own
 * Signal session (contacts record what they got; the account's phone just keeps its ratchet in
 * step), then the server acks and, by default, the contact reports delivery.
 */
export async function handleClientMessage(ctx: SimContext, conn: SimConnection, node: BinaryNode): Promise<void> {
  const account = conn.account;
  const { id, to } = node.attrs;
  if (!account?.device || !id || !to) return;
  const generation = account.device.keyIndex;
  const recorded = new Set<string>();
  // a lost stanza (fault): decrypted, so ratchets stay in step, but never acked nor delivered
  const lost = ackWithheld(account);
  let refusal: string | null = null;
  for (const { jid, enc } of copiesOf(node)) {
    const party = ctx.directory.partyForJid(jid);
    const type = enc.attrs.type;
    const ciphertext = bufferContent(enc);
    if (!party || !ciphertext || (type !== "pkmsg" && type !== "msg")) continue;
    let message: proto.IMessage;
    try {
      const plaintext = await party.signal.decrypt(deviceJid(account), type, ciphertext, generation);
      if (decryptFault(account, party.pn)) throw new Error("Bad MAC (simulated fault)");
      message = proto.Message.decode(unpadRandomMax16(plaintext));
    } catch (err) {
      // the account's own phone only keeps its ratchet in step; a contact's phone asks again
      const retry =
        party.accountId !== account.id &&
        (await requestRetry(conn, account, party, { messageId: id, chatJid: to, deviceJid: jid, t: node.attrs.t }));
      ctx.logger.warn({ err, messageId: id, retry }, "a simulated recipient could not decrypt a message");
      continue;
    }
    if (party.accountId === account.id || recorded.has(party.pn)) continue;
    const decoded = decodeMessage(ctx, account, id, message);
    // the server refuses what WhatsApp refuses (an edit too late, of someone else's message…)
    refusal ??= refusalFor(account, decoded, Math.floor(Date.now() / 1000));
    if (lost || refusal) continue;
    recorded.add(party.pn);
    applyToTarget(account, decoded);
    record(ctx, account, {
      id,
      to: party.pn,
      chatJid: to,
      text: textOf(message),
      message: proto.Message.toObject(proto.Message.fromObject(message), { bytes: String, longs: Number }) as Record<
        string,
        unknown
      >,
      t: Math.floor(Date.now() / 1000),
      status: "received",
      decoded,
    });
  }
  if (lost) return;
  const attrs: Record<string, string> = { id, class: "message", from: to, t: nowSeconds() };
  if (refusal) attrs.error = refusal;
  conn.sendNode({ tag: "ack", attrs });
  if (recorded.size && ctx.settings.autoDeliveryReceipts) {
    // The recipient's phone answers after a moment, as in reality; an instant receipt would race the
    // client's own messages.upsert and arrive merged into it instead of as messages.update.
    setTimeout(() => sendReceipts(account, "delivered", [id]), ctx.settings.deliveryReceiptDelayMs).unref();
  }
}

function record(ctx: SimContext, account: Account, item: OutboundRecord): void {
  ctx.stats.messagesFromAccounts++;
  Directory.remember(account.received, item);
}
