import { encodeBigEndian, KEY_BUNDLE_TYPE, type BinaryNode } from "@whiskeysockets/baileys";
import type { SimConnection } from "../server/connection";
import type { Account, Party } from "../state/types";
import { ContactCountdown } from "./contact-faults";
import { nowSeconds } from "../wire/nodes";

/** A recipient asks as often as a sender answers (Baileys' maxMsgRetryCount), then gives up. */
export const MAX_RETRY_REQUESTS = 5;

/** Retry receipts asked per account: `messageId|device jid` → how many so far. */
const asked = new WeakMap<Account, Map<string, number>>();
/** a fault: per account, contact number → copies its phone will still fail to decrypt */
const failing = new ContactCountdown();

export function failDecrypts(account: Account, contactPn: string, copies: number): void {
  failing.arm(account, contactPn, copies);
}

/** Whether the fault makes this contact fail the copy it got now (counts it down). */
export function decryptFault(account: Account, contactPn: string): boolean {
  return failing.take(account, contactPn);
}

/**
 * A recipient device could not decrypt a copy the account sent (its Signal session with the
 * sender is out of step, e.g. after a ratchet step the sender lost): like a real phone it answers
 * with a retry receipt carrying a fresh key bundle, so the sender starts a new session from it
 * and sends the message again. Returns false when it asked often enough already.
 */
export async function requestRetry(
  conn: SimConnection,
  account: Account,
  party: Party,
  copy: { messageId: string; chatJid: string; deviceJid: string; t: string | undefined },
): Promise<boolean> {
  let counts = asked.get(account);
  if (!counts) {
    counts = new Map();
    asked.set(account, counts);
  }
  const key = `${copy.messageId}|${copy.deviceJid}`;
  const count = (counts.get(key) ?? 0) + 1;
  if (count > MAX_RETRY_REQUESTS) return false;
  counts.set(key, count);
  const bundle = await party.signal.bundle();
  const node: BinaryNode = {
    tag: "receipt",
    attrs: { id: copy.messageId, type: "retry", from: copy.chatJid, participant: copy.deviceJid, t: nowSeconds() },
    content: [
      { tag: "retry", attrs: { count: String(count), id: copy.messageId, t: copy.t ?? nowSeconds(), v: "1" } },
      { tag: "registration", attrs: {}, content: encodeBigEndian(bundle.registrationId) },
      {
        tag: "keys",
        attrs: {},
        content: [
          { tag: "type", attrs: {}, content: Buffer.from(KEY_BUNDLE_TYPE) },
          { tag: "identity", attrs: {}, content: bundle.identityKey },
          ...(bundle.preKey
            ? [
                {
                  tag: "key",
                  attrs: {},
                  content: [
                    { tag: "id", attrs: {}, content: encodeBigEndian(bundle.preKey.keyId, 3) },
                    { tag: "value", attrs: {}, content: bundle.preKey.publicKey },
                  ],
                },
              ]
            : []),
          {
            tag: "skey",
            attrs: {},
            content: [
              { tag: "id", attrs: {}, content: encodeBigEndian(bundle.signedPreKey.keyId, 3) },
              { tag: "value", attrs: {}, content: bundle.signedPreKey.publicKey },
              { tag: "signature", attrs: {}, content: bundle.signedPreKey.signature },
            ],
          },
        ],
      },
    ],
  };
  conn.sendNode(node);
  return true;
}
