import type { BinaryNode } from "@whiskeysockets/baileys";
import { randomBytes } from "node:crypto";
import type { SimContext } from "../server/context";
import type { Party } from "../state/types";
import { nowSeconds } from "../wire/nodes";
import { groupJid, type SimGroup } from "./model";

/** Groups are LID-addressed, as WhatsApp's are now: members by LID, their phone number beside it. */
export const lidJid = (party: Party): string => `${party.lid}@lid`;
export const pnJid = (pn: string): string => `${pn}@s.whatsapp.net`;

/** `<participant jid=LID phone_number=PN type?>` for a member (a contact is created for an unknown number). */
export function participantNode(ctx: SimContext, pn: string, role?: string | null): BinaryNode {
  const party = ctx.directory.ensureContact(pn);
  return {
    tag: "participant",
    attrs: { jid: lidJid(party), phone_number: pnJid(pn), ...(role ? { type: role } : {}) },
  };
}

/** The `<group>` node Baileys' extractGroupMetadata reads: subject, creator, settings, members. */
export function groupNode(ctx: SimContext, group: SimGroup): BinaryNode {
  const creator = ctx.directory.ensureContact(group.creator);
  const subjectOwner = ctx.directory.ensureContact(group.subjectBy);
  const content: BinaryNode[] = [...group.members].map(([pn, role]) => participantNode(ctx, pn, role));
  const desc = group.description;
  if (desc) {
    const by = ctx.directory.ensureContact(desc.by);
    content.push({
      tag: "description",
      attrs: { id: desc.id, t: String(desc.t), participant: lidJid(by), participant_pn: pnJid(desc.by) },
      content: [{ tag: "body", attrs: {}, content: Buffer.from(desc.text, "utf8") }],
    });
  }
  if (group.announce) content.push({ tag: "announcement", attrs: {} });
  if (group.restrict) content.push({ tag: "locked", attrs: {} });
  return {
    tag: "group",
    attrs: {
      id: group.id,
      subject: group.subject,
      s_o: lidJid(subjectOwner),
      s_o_pn: pnJid(group.subjectBy),
      s_t: String(group.subjectTime),
      creation: String(group.creation),
      creator: lidJid(creator),
      creator_pn: pnJid(group.creator),
      addressing_mode: "lid",
      size: String(group.members.size),
    },
    content,
  };
}

/**
 * Tells the linked devices of every account among `recipients` (phone numbers; the group's
 * members by default) about a change, as `<notification type="w:gp2">` with `child` saying
 * what changed and who did it. An account that is offline misses it (as documented).
 */
export function notifyGroup(
  ctx: SimContext,
  group: SimGroup,
  actorPn: string,
  child: BinaryNode,
  recipients: Iterable<string> = group.members.keys(),
): void {
  const actor = ctx.directory.ensureContact(actorPn);
  for (const pn of new Set(recipients)) {
    const party = ctx.directory.partyByPn(pn);
    const account = party ? ctx.directory.accountOfParty(party) : undefined;
    const conn = account?.conn;
    if (!account?.ready || !conn?.isOpen) continue;
    conn.sendNode({
      tag: "notification",
      attrs: {
        from: groupJid(group),
        type: "w:gp2",
        id: randomBytes(8).toString("hex").toUpperCase(),
        t: nowSeconds(),
        participant: lidJid(actor),
        participant_pn: pnJid(actorPn),
        notify: actor.name,
        addressing_mode: "lid",
      },
      content: [child],
    });
  }
}

/** `<add|remove|promote|demote><participant/>…</…>` for a notification. */
export function membersChange(ctx: SimContext, tag: string, pns: string[], group?: SimGroup): BinaryNode {
  return {
    tag,
    attrs: {},
    content: pns.map((pn) => participantNode(ctx, pn, group?.members.get(pn))),
  };
}
