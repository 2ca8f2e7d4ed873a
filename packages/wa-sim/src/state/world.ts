import type { GroupDescription, GroupRole, SimGroup } from "../groups/model";
import { blocklistOf, profileState, type ContactProfile } from "../iq/contact-profiles";
import type { SimContext } from "../server/context";

export interface GroupSnapshot {
  id: string;
  subject: string;
  subjectBy: string;
  subjectTime: number;
  creation: number;
  creator: string;
  description?: GroupDescription;
  announce: boolean;
  restrict: boolean;
  members: Array<[string, GroupRole]>;
  inviteCode: string;
  senderKeysSent: string[];
}

/**
 * What WhatsApp's servers keep beside the accounts: groups (members, roles, settings, invite
 * codes, who holds whose sender key), contacts' profiles, numbers not on WhatsApp, blocklists
 * and refused adds. Every field is optional so a state saved before they were kept still loads.
 */
export interface WorldSnapshot {
  groups?: GroupSnapshot[];
  addRefusals?: Array<[string, number]>;
  profiles?: Array<[string, ContactProfile]>;
  unregistered?: string[];
  /** per account id: the numbers it blocked */
  blocklists?: Array<[string, string[]]>;
}

export function worldSnapshot(ctx: SimContext): WorldSnapshot {
  const profiles = profileState(ctx);
  return {
    groups: ctx.groups.all().map((g) => ({
      id: g.id,
      subject: g.subject,
      subjectBy: g.subjectBy,
      subjectTime: g.subjectTime,
      creation: g.creation,
      creator: g.creator,
      ...(g.description ? { description: g.description } : {}),
      announce: g.announce,
      restrict: g.restrict,
      members: [...g.members],
      inviteCode: g.inviteCode,
      senderKeysSent: [...g.senderKeysSent],
    })),
    addRefusals: [...ctx.groups.addRefusals],
    profiles: [...profiles.profiles],
    unregistered: [...profiles.unregistered],
    blocklists: [...ctx.directory.accounts.values()]
      .map((a): [string, string[]] => [a.id, [...blocklistOf(a)]])
      .filter(([, list]) => list.length > 0),
  };
}

/** Loads what `worldSnapshot` saved into a simulator whose directory was just restored. */
export function restoreWorld(ctx: SimContext, saved: WorldSnapshot): void {
  for (const g of saved.groups ?? []) {
    const group: SimGroup = {
      ...g,
      description: g.description,
      members: new Map(g.members),
      senderKeysSent: new Set(g.senderKeysSent),
    };
    ctx.groups.restore(group);
  }
  for (const [pn, code] of saved.addRefusals ?? []) ctx.groups.addRefusals.set(pn, code);
  const profiles = profileState(ctx);
  for (const [pn, profile] of saved.profiles ?? []) profiles.profiles.set(pn, profile);
  for (const pn of saved.unregistered ?? []) profiles.unregistered.add(pn);
  for (const [accountId, list] of saved.blocklists ?? []) {
    const account = ctx.directory.accounts.get(accountId);
    if (!account) continue;
    const blocked = blocklistOf(account);
    for (const pn of list) blocked.add(pn);
  }
}
