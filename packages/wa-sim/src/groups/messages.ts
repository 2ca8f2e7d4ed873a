import { encodeWAMessage, proto, type BinaryNode } from "@whiskeysockets/baileys";
import { randomBytes } from "node:crypto";
import { SimError } from "../errors";
import { takeDeviceBundle } from "../iq/prekeys";
import { buildContent, toJson, type ContactContent } from "../messaging/contact-kinds";
import { deliver, deviceJid, wireType } from "../messaging/inbound";
import { keepInbound } from "../messaging/offline-queue";
import type { SimContext } from "../server/context";
import type { Account, InboundRecord, Party } from "../state/types";
import type { SimGroup } from "./model";
import { lidJid, pnJid } from "./nodes";

/** Kinds a member can post in a group here (replies, reactions, edits and revokes point into a 1:1 chat). */
export type GroupPostContent = Exclude<ContactContent, { type: "reaction" | "edit" | "revoke" }>;

export interface GroupPostOptions {
  id?: string;
  pushName?: string;
  plaintext?: boolean;
}

/**
 * Which account devices already hold a contact's sender key for a group, per contact party:
 * `<groupId>><accountId>:<keyIndex>`. A new device (new key index) gets the key again.
 */
const keysHeld = new WeakMap<Party, Set<string>>();

/**
 * A member (a contact, or another account's phone) posts in a group: every member account's
 * device gets it (queued while offline), with the same message id, as WhatsApp fans out.
 */
export function postInGroup(
  ctx: SimContext,
  group: SimGroup,
  fromPn: string,
  input: GroupPostContent,
  options: GroupPostOptions = {},
): InboundRecord[] {
  if (!group.members.has(fromPn)) throw new SimError("not_a_member", `${fromPn} is not a member of the group`);
  const party = ctx.directory.ensureContact(fromPn, options.pushName);
  const recipients = [...group.members.keys()]
    .filter((pn) => pn !== fromPn)
    .map((pn) => ctx.directory.accounts.get(pn))
    .filter((a): a is Account => a !== undefined);
  const id = options.id ?? `3EB0${randomBytes(8).toString("hex").toUpperCase()}`;
  const message = recipients[0] ? buildContent(ctx, recipients[0], fromPn, input) : undefined;
  const text = input.type === "text" ? input.text : "caption" in input ? (input.caption ?? "") : "";
  return recipients.map((account) => {
    const record: InboundRecord = {
      id,
      from: party.pn,
      text,
      t: Math.floor(Date.now() / 1000),
      plaintext: options.plaintext ?? ctx.settings.plaintext,
      status: "queued",
      attempts: 0,
      kind: input.type,
      content: toJson(message!),
      group: group.id,
    };
    keepInbound(account.inbox, record);
    ctx.stats.messagesToAccounts++;
    if (account.ready) void deliver(ctx, account, [record], false);
    return record;
  });
}

/**
 * The stanza of a contact's group message to one account device: from the group, the author as
 * `participant` (LID, with its phone number), the body under the author's sender key (skmsg),
 * preceded by a 1:1 Signal copy of the SenderKeyDistributionMessage when that device lacks the
 * key (first message, new device, or the client asked again).
 */
export async function groupMessageNode(
  account: Account,
  party: Party,
  record: InboundRecord,
  offline: boolean,
): Promise<BinaryNode> {
  const jid = `${record.group}@g.us`;
  const message = proto.Message.fromObject(record.content ?? { conversation: record.text });
  const attrs: Record<string, string> = {
    from: jid,
    participant: lidJid(party),
    participant_pn: pnJid(party.pn),
    addressing_mode: "lid",
    id: record.id,
    t: String(record.t),
    type: wireType(record.kind),
    notify: party.name,
    ...(offline ? { offline: "1" } : {}),
  };
  if (record.plaintext) {
    record.encType = "plaintext";
    return { tag: "message", attrs, content: [{ tag: "plaintext", attrs: {}, content: encodePlain(message) }] };
  }
  const device = account.device!;
  const { ciphertext, senderKeyDistributionMessage } = await party.signal.encryptGroup(
    jid,
    lidJid(party),
    encodeWAMessage(message),
  );
  const held = keysHeld.get(party) ?? new Set<string>();
  keysHeld.set(party, held);
  const holder = `${record.group}>${account.id}:${device.keyIndex}`;
  const content: BinaryNode[] = [];
  if (!held.has(holder) || record.attempts > 0) {
    const skdm: proto.IMessage = {
      senderKeyDistributionMessage: { groupId: jid, axolotlSenderKeyDistributionMessage: senderKeyDistributionMessage },
    };
    const out = await party.signal.encryptFor(
      deviceJid(account),
      device.keyIndex,
      () => takeDeviceBundle(device),
      encodeWAMessage(skdm),
    );
    record.session = out.session;
    content.push({ tag: "enc", attrs: { v: "2", type: out.type }, content: out.ciphertext });
    held.add(holder);
  }
  record.encType = content.length ? (content[0]!.attrs.type as "pkmsg" | "msg") : "msg";
  content.push({ tag: "enc", attrs: { v: "2", type: "skmsg" }, content: ciphertext });
  return { tag: "message", attrs, content };
}

const encodePlain = (message: proto.IMessage): Uint8Array => proto.Message.encode(message).finish();
