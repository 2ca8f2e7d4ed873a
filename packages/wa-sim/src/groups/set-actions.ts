import { getBinaryNodeChildren, type BinaryNode } from "@whiskeysockets/baileys";
import { randomBytes } from "node:crypto";
import type { SimContext } from "../server/context";
import type { SimGroup } from "./model";
import { membersChange, notifyGroup, participantNode } from "./nodes";
import { badRequest, memberPn, requireAdmin, requireInfoEditor } from "./resolve";

export type ParticipantAction = "add" | "remove" | "promote" | "demote";
const PARTICIPANT_ACTIONS = new Set<string>(["add", "remove", "promote", "demote"]);
const SETTINGS = new Set(["announcement", "not_announcement", "locked", "unlocked"]);

/** One member change's outcome: the jid as the client named it, and WhatsApp's error code if refused. */
export interface ParticipantResult {
  jid: string;
  pn: string | undefined;
  error: number | undefined;
}

/**
 * A `set` IQ to a group (or the same change made by a simulated member through the admin API):
 * validates rights, changes the group, tells the members' devices. Returns the IQ's result content.
 */
export function groupSetAction(
  ctx: SimContext,
  group: SimGroup,
  actor: string,
  child: BinaryNode,
  text: string | undefined,
): BinaryNode[] | undefined {
  if (PARTICIPANT_ACTIONS.has(child.tag)) {
    const jids = getBinaryNodeChildren(child, "participant").map((p) => p.attrs.jid ?? "");
    const results = changeParticipants(ctx, group, actor, child.tag as ParticipantAction, jids);
    const content = results.map(({ jid, pn, error }) => ({
      ...(pn && !error ? participantNode(ctx, pn, group.members.get(pn)) : { tag: "participant", attrs: {} }),
      attrs: { jid, ...(error ? { error: String(error) } : {}) },
    }));
    return [{ tag: child.tag, attrs: {}, content }];
  }
  if (child.tag === "subject") setSubject(ctx, group, actor, text ?? "");
  else if (child.tag === "description")
    setDescription(ctx, group, actor, child.attrs.delete === "true" ? undefined : text);
  else if (SETTINGS.has(child.tag)) setSetting(ctx, group, actor, child.tag);
  return undefined;
}

export function changeParticipants(
  ctx: SimContext,
  group: SimGroup,
  actor: string,
  action: ParticipantAction,
  jids: string[],
): ParticipantResult[] {
  requireAdmin(group, actor);
  const before = [...group.members.keys()];
  const results = jids.map((jid): ParticipantResult => {
    const pn = memberPn(ctx, jid);
    return { jid, pn, error: pn ? applyOne(ctx, group, action, pn) : 400 };
  });
  const changed = results.filter((r) => !r.error).map((r) => r.pn!);
  if (changed.length) {
    // the removed still hear that they were removed
    const recipients = action === "remove" ? before : group.members.keys();
    notifyGroup(ctx, group, actor, membersChange(ctx, action, changed, group), recipients);
  }
  return results;
}

/** Changes one member; returns the error code WhatsApp gives when it refuses, else undefined. */
function applyOne(ctx: SimContext, group: SimGroup, action: ParticipantAction, pn: string): number | undefined {
  const role = group.members.get(pn);
  const member = group.members.has(pn);
  switch (action) {
    case "add": {
      if (member) return 409;
      const refusal = ctx.groups.addRefusals.get(pn);
      if (refusal) return refusal;
      group.members.set(pn, null);
      return undefined;
    }
    case "remove":
      if (!member) return 404;
      if (role === "superadmin") return 406;
      group.members.delete(pn);
      return undefined;
    case "promote":
      if (!member) return 404;
      if (role !== "superadmin") group.members.set(pn, "admin");
      return undefined;
    case "demote":
      if (!member) return 404;
      if (role === "superadmin") return 406;
      group.members.set(pn, null);
      return undefined;
  }
}

export function setSubject(ctx: SimContext, group: SimGroup, actor: string, subject: string): void {
  requireInfoEditor(group, actor);
  const trimmed = subject.trim();
  if (!trimmed || trimmed.length > 100) throw badRequest();
  group.subject = trimmed;
  group.subjectBy = actor;
  group.subjectTime = Math.floor(Date.now() / 1000);
  const node = { tag: "subject", attrs: { subject: trimmed, s_t: String(group.subjectTime) } };
  notifyGroup(ctx, group, actor, node);
}

export function setDescription(ctx: SimContext, group: SimGroup, actor: string, text: string | undefined): void {
  requireInfoEditor(group, actor);
  if (text !== undefined && text.length > 2048) throw badRequest();
  const id = randomBytes(8).toString("hex").toUpperCase();
  group.description = text ? { text, id, t: Math.floor(Date.now() / 1000), by: actor } : undefined;
  const node: BinaryNode = text
    ? { tag: "description", attrs: { id }, content: [{ tag: "body", attrs: {}, content: Buffer.from(text, "utf8") }] }
    : { tag: "description", attrs: { id, delete: "true" } };
  notifyGroup(ctx, group, actor, node);
}

export function setSetting(ctx: SimContext, group: SimGroup, actor: string, setting: string): void {
  requireAdmin(group, actor);
  if (setting === "announcement" || setting === "not_announcement") group.announce = setting === "announcement";
  else group.restrict = setting === "locked";
  notifyGroup(ctx, group, actor, { tag: setting, attrs: {} });
}
