import { getBinaryNodeChild, getBinaryNodeChildren, type BinaryNode } from "@whiskeysockets/baileys";
import type { SimConnection } from "../server/connection";
import type { SimContext } from "../server/context";
import { bufferContent, childNodes, iqError, iqResult } from "../wire/nodes";
import { groupJid } from "./model";
import { groupNode, membersChange, notifyGroup } from "./nodes";
import { badRequest, GroupIqError, inviteGone, memberPn, notFound, requireAdmin, requireMember } from "./resolve";
import { groupSetAction } from "./set-actions";

/**
 * xmlns="w:g2": everything Baileys' Socket/groups does. To `@g.us`: create, participating
 * groups, leave, join or look up by invite code; to `<id>@g.us`: metadata, invite code,
 * participants, subject, description and settings (set-actions.ts).
 */
export function handleGroupIq(ctx: SimContext, conn: SimConnection, iq: BinaryNode): void {
  const account = conn.account;
  if (!account) {
    conn.sendNode(iqError(iq, 401, "not-authorized"));
    return;
  }
  try {
    const [child] = childNodes(iq);
    const me = account.phone;
    const content =
      iq.attrs.to === "@g.us" ? globalAction(ctx, me, iq.attrs.type, child) : groupAction(ctx, me, iq, child);
    conn.sendNode(iqResult(iq, content));
  } catch (err) {
    if (!(err instanceof GroupIqError)) throw err;
    conn.sendNode(iqError(iq, err.code, err.text));
  }
}

function globalAction(ctx: SimContext, me: string, type: string | undefined, child: BinaryNode | undefined) {
  const groups = ctx.groups;
  switch (`${type}:${child?.tag}`) {
    case "set:create": {
      const subject = child!.attrs.subject?.trim();
      if (!subject) throw badRequest();
      const members: string[] = [];
      for (const p of getBinaryNodeChildren(child, "participant")) {
        const pn = memberPn(ctx, p.attrs.jid);
        if (!pn) throw badRequest();
        if (pn !== me && !groups.addRefusals.has(pn)) members.push(pn);
      }
      const group = groups.create(me, subject, members);
      const node = groupNode(ctx, group);
      notifyGroup(ctx, group, me, { tag: "create", attrs: {}, content: [node] });
      return [node];
    }
    case "get:participating":
      return [{ tag: "groups", attrs: {}, content: groups.of(me).map((g) => groupNode(ctx, g)) }];
    case "set:leave": {
      for (const g of getBinaryNodeChildren(child, "group")) {
        const group = groups.find(g.attrs.id ?? "");
        if (!group) throw notFound();
        requireMember(group, me);
        const before = [...group.members.keys()];
        const change = membersChange(ctx, "remove", [me]);
        group.members.delete(me);
        notifyGroup(ctx, group, me, change, before);
      }
      return undefined;
    }
    case "set:invite": {
      const group = groups.byInviteCode(child!.attrs.code ?? "");
      if (!group) throw inviteGone();
      if (!group.members.has(me)) {
        group.members.set(me, null);
        notifyGroup(ctx, group, me, membersChange(ctx, "add", [me]));
      }
      return [{ tag: "group", attrs: { jid: groupJid(group) } }];
    }
    case "get:invite": {
      const group = groups.byInviteCode(child!.attrs.code ?? "");
      if (!group) throw inviteGone();
      return [groupNode(ctx, group)];
    }
    default:
      return undefined;
  }
}

function groupAction(ctx: SimContext, me: string, iq: BinaryNode, child: BinaryNode | undefined) {
  const group = ctx.groups.find(iq.attrs.to ?? "");
  if (!group) throw notFound();
  requireMember(group, me);
  if (iq.attrs.type === "get") {
    if (child?.tag === "query") return [groupNode(ctx, group)];
    if (child?.tag === "invite") {
      requireAdmin(group, me);
      return [{ tag: "invite", attrs: { code: group.inviteCode } }];
    }
    return undefined;
  }
  if (!child) throw badRequest();
  if (child.tag === "invite") {
    requireAdmin(group, me);
    return [{ tag: "invite", attrs: { code: ctx.groups.revokeInvite(group) } }];
  }
  if (child.tag === "subject") {
    const subject = bufferContent(child)?.toString("utf8").trim();
    if (!subject) throw badRequest();
    return groupSetAction(ctx, group, me, child, subject);
  }
  if (child.tag === "description") {
    const body = bufferContent(getBinaryNodeChild(child, "body"))?.toString("utf8");
    return groupSetAction(ctx, group, me, child, body);
  }
  return groupSetAction(ctx, group, me, child, undefined);
}
