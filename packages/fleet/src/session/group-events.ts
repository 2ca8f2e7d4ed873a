import type { BaileysEventMap, GroupMetadata, GroupParticipant, WASocket } from "@whiskeysockets/baileys";
import { MAX_GROUP_PARTICIPANTS, type GroupActor, type GroupSnapshot } from "@wharf/contracts";
import type { GroupMetadataCache } from "./group-cache";
import type { IsMe } from "./inbound-content";
import type { MessageEventContext } from "./message-events";
import { phoneOf } from "./translate";

type Off = () => void;

export function groupSnapshot(m: GroupMetadata): GroupSnapshot {
  return {
    subject: m.subject ?? "",
    description: m.desc ?? null,
    owner: m.owner ?? null,
    createdAt: m.creation ? new Date(m.creation * 1000).toISOString() : null,
    announce: m.announce === true,
    restrict: m.restrict === true,
    participantCount: m.participants.length,
    participants: m.participants.slice(0, MAX_GROUP_PARTICIPANTS).map(participant),
  };
}

const participant = (p: GroupParticipant) => ({
  jid: p.id,
  phone: phoneOf(p.phoneNumber) ?? phoneOf(p.id),
  admin: p.admin === "admin" || p.admin === "superadmin" ? p.admin : null,
});

const participantPhone = (m: GroupMetadata, jid: string): string | null => {
  const p = m.participants.find((x) => x.id === jid || x.lid === jid);
  return p ? participant(p).phone : null;
};

const PARTICIPANT_EVENTS = {
  add: "group.participants_added",
  remove: "group.participants_removed",
  promote: "group.participants_promoted",
  demote: "group.participants_demoted",
} as const;

/**
 * Baileys' group events → Wharf group events, each with the group's metadata re-read after
 * the change (the cache's refresh), so consumers store the truth rather than a delta. Baileys
 * merges `groups.update`s of one buffer flush and keeps only the first per group, so what
 * changed is found by comparing the re-read metadata with the cached one.
 */
export function attachGroupListeners(sock: WASocket, ctx: MessageEventContext, cache: GroupMetadataCache): Off[] {
  const isMe: IsMe = ctx.isMe ?? (() => false);
  const actor = (jid?: string | null, pn?: string | null): GroupActor => ({
    jid: jid ?? null,
    phone: phoneOf(pn) ?? phoneOf(jid),
    fromMe: !!jid && isMe(jid),
  });
  const at = () => ctx.now().toISOString();
  /** the actor's phone from the group's members when the notification named only a LID */
  const withPhone = (by: GroupActor, m: GroupMetadata | null): GroupActor =>
    by.phone || !by.jid || !m ? by : { ...by, phone: participantPhone(m, by.jid) };
  // group events keep their order: each waits for the previous one's re-read and emit
  let chain: Promise<unknown> = Promise.resolve();
  const inOrder = (step: () => Promise<void>) => {
    chain = chain.then(step).catch(() => undefined);
  };
  const refreshed = async (jid: string): Promise<GroupMetadata | null> => cache.refresh(jid).catch(() => null);

  const onUpsert = (groups: BaileysEventMap["groups.upsert"]) => {
    for (const g of groups) {
      cache.set(g);
      inOrder(() =>
        ctx.emit((now) => ({
          type: "group.joined",
          data: { groupJid: g.id, by: actor(g.author, g.authorPn), group: groupSnapshot(g), at: now.toISOString() },
        })),
      );
    }
  };

  const onParticipants = (u: BaileysEventMap["group-participants.update"]) => {
    const mine = u.participants.some((p) => isMe(p.id) || (!!p.phoneNumber && isMe(p.phoneNumber)));
    let by = actor(u.author, u.authorPn);
    inOrder(async () => {
      if (mine && u.action === "remove") {
        by = withPhone(by, cache.peek(u.id) ?? null);
        cache.delete(u.id);
        await ctx.emit(() => ({ type: "group.left", data: { groupJid: u.id, by, removed: !by.fromMe, at: at() } }));
        return;
      }
      const type = PARTICIPANT_EVENTS[u.action as keyof typeof PARTICIPANT_EVENTS];
      const metadata = await refreshed(u.id);
      if (!type || !metadata || u.participants.length === 0) return;
      const group = groupSnapshot(metadata);
      by = withPhone(by, metadata);
      if (mine && u.action === "add") {
        await ctx.emit(() => ({ type: "group.joined", data: { groupJid: u.id, by, group, at: at() } }));
        return;
      }
      const participants = u.participants.slice(0, MAX_GROUP_PARTICIPANTS).map(participant);
      await ctx.emit(() => ({ type, data: { groupJid: u.id, by, group, participants, at: at() } }));
    });
  };

  const onUpdate = (updates: BaileysEventMap["groups.update"]) => {
    for (const u of updates) {
      if (!u.id) continue;
      const jid = u.id;
      const before = cache.peek(jid);
      // a full read (groupFetchAllParticipating) of a group not cached yet fills the cache, no change
      if (!before && Array.isArray(u.participants)) {
        cache.set(u as GroupMetadata);
        continue;
      }
      inOrder(async () => {
        const after = await refreshed(jid);
        if (!after) return;
        const by = withPhone(actor(u.author, u.authorPn), after);
        const group = groupSnapshot(after);
        const changed = (field: "subject" | "desc" | "announce" | "restrict") =>
          before ? (before[field] ?? null) !== (after[field] ?? null) : u[field] !== undefined;
        const base = { groupJid: jid, by, group, at: at() };
        if (changed("subject"))
          await ctx.emit(() => ({ type: "group.subject_changed", data: { ...base, subject: group.subject } }));
        if (changed("desc"))
          await ctx.emit(() => ({
            type: "group.description_changed",
            data: { ...base, description: group.description },
          }));
        if (changed("announce") || changed("restrict"))
          await ctx.emit(() => ({
            type: "group.settings_changed",
            data: { ...base, announce: group.announce, restrict: group.restrict },
          }));
      });
    }
  };

  sock.ev.on("groups.upsert", onUpsert);
  sock.ev.on("group-participants.update", onParticipants);
  sock.ev.on("groups.update", onUpdate);
  return [
    () => sock.ev.off("groups.upsert", onUpsert),
    () => sock.ev.off("group-participants.update", onParticipants),
    () => sock.ev.off("groups.update", onUpdate),
  ];
}
