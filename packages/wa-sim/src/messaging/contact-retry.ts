import { encodeBigEndian, type BinaryNode } from "@whiskeysockets/baileys";
import type { SimConnection } from "../server/connection";
import type { Account, Party } from "../state/types";
import { nowSeconds } from "../wire/nodes";

/** WhatsApp's key-bundle type byte (Baileys' KEY_BUNDLE_TYPE) */
const KEY_BUNDLE_TYPE = 5;
/** how often a contact asks for one message again before it gives up (WhatsApp clients stop too) */
export const MAX_CONTACT_RETRIES = 3;
/** bound on remembered retry counts per account, so a long demo does not grow without end */
const MAX_TRACKED = 1_000;

const retriesByAccount = new WeakMap<Account, Map<string, number>>();

/**
 * A contact that cannot decrypt a message from the account asks for it again, as WhatsApp
 * clients do: a retry receipt with its registration id and a fresh key bundle. The account's
 * client (Baileys' sendMessagesAgain) builds a new session from the bundle and sends the message
 * again as a pkmsg. This is how sessions that both sides started at the same moment recover.
 * Returns false once the message was asked for MAX_CONTACT_RETRIES times.
 */
export async function askForMessageAgain(
  conn: SimConnection,
  account: Account,
  party: Party,
  /** the jid the client addressed this contact's copy to (its session is kept under it) */
  copyJid: string,
  message: BinaryNode,
): Promise<boolean> {
  const id = message.attrs.id;
  if (!id) return false;
  const counts = retriesByAccount.get(account) ?? new Map<string, number>();
  retriesByAccount.set(account, counts);
  const count = (counts.get(id) ?? 0) + 1;
  if (count > MAX_CONTACT_RETRIES) return false;
  counts.set(id, count);
  if (counts.size > MAX_TRACKED) counts.delete(counts.keys().next().value as string);

  const bundle = await party.signal.bundle();
  const bytes = (content: Uint8Array, tag: string): BinaryNode => ({ tag, attrs: {}, content });
  conn.sendNode({
    tag: "receipt",
    attrs: { id, type: "retry", from: copyJid, t: nowSeconds() },
    content: [
      { tag: "retry", attrs: { count: String(count), id, t: message.attrs.t ?? nowSeconds(), v: "1", error: "0" } },
      bytes(encodeBigEndian(bundle.registrationId, 4), "registration"),
      {
        tag: "keys",
        attrs: {},
        content: [
          bytes(Buffer.from([KEY_BUNDLE_TYPE]), "type"),
          bytes(bundle.identityKey, "identity"),
          ...(bundle.preKey
            ? [
                {
                  tag: "key",
                  attrs: {},
                  content: [
                    bytes(encodeBigEndian(bundle.preKey.keyId, 3), "id"),
                    bytes(bundle.preKey.publicKey, "value"),
                  ],
                },
              ]
            : []),
          {
            tag: "skey",
            attrs: {},
            content: [
              bytes(encodeBigEndian(bundle.signedPreKey.keyId, 3), "id"),
              bytes(bundle.signedPreKey.publicKey, "value"),
              bytes(bundle.signedPreKey.signature, "signature"),
            ],
          },
        ],
      },
    ],
  });
  return true;
}
