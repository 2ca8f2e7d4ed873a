import { randomBytes, randomInt } from "node:crypto";
import { SimError } from "../errors";

/** A member's rank: the creator is `superadmin`, promoted members `admin`, everyone else null. */
export type GroupRole = "superadmin" | "admin" | null;

export interface GroupDescription {
  text: string;
  id: string;
  t: number;
  /** Phone number of who set it. */
  by: string;
}

/** A group on the simulated server. Members are phone numbers (contacts or accounts' phones). */
export interface SimGroup {
  /** Digits, as WhatsApp's group ids (`<id>@g.us`). */
  id: string;
  subject: string;
  subjectBy: string;
  subjectTime: number;
  creation: number;
  creator: string;
  description: GroupDescription | undefined;
  /** Only admins may send (`announcement`). */
  announce: boolean;
  /** Only admins may edit the group's info (`locked`). */
  restrict: boolean;
  members: Map<string, GroupRole>;
  inviteCode: string;
  /**
   * Whose sender key each member device already holds: `<senderPn>><receiverKey>` where the
   * receiver is an account's device (`<accountId>:<keyIndex>`). A new device gets the key again.
   */
  senderKeysSent: Set<string>;
}

export const groupJid = (group: SimGroup): string => `${group.id}@g.us`;

const newInviteCode = (): string => randomBytes(16).toString("base64url").slice(0, 22);

/** Every group the simulator hosts, with lookups by id and invite code. Saved with the state (state/world.ts). */
export class GroupRegistry {
  private readonly groups = new Map<string, SimGroup>();
  /** Per phone number: the add error code WhatsApp would give (e.g. 403 privacy settings). */
  readonly addRefusals = new Map<string, number>();

  create(creator: string, subject: string, members: string[]): SimGroup {
    let id: string;
    do id = `120363${randomInt(100_000_000, 999_999_999)}${randomInt(100_000, 999_999)}`;
    while (this.groups.has(id));
    const t = Math.floor(Date.now() / 1000);
    const group: SimGroup = {
      id,
      subject,
      subjectBy: creator,
      subjectTime: t,
      creation: t,
      creator,
      description: undefined,
      announce: false,
      restrict: false,
      members: new Map<string, GroupRole>([[creator, "superadmin"]]),
      inviteCode: newInviteCode(),
      senderKeysSent: new Set(),
    };
    for (const pn of members) if (!group.members.has(pn)) group.members.set(pn, null);
    this.groups.set(id, group);
    return group;
  }

  /** The group behind `id` or `id@g.us`, or a `group_not_found` error. */
  get(idOrJid: string): SimGroup {
    const group = this.find(idOrJid);
    if (!group) throw new SimError("group_not_found", `no simulated group ${idOrJid}`);
    return group;
  }

  find(idOrJid: string): SimGroup | undefined {
    return this.groups.get(idOrJid.replace(/@g\.us$/, ""));
  }

  all(): SimGroup[] {
    return [...this.groups.values()];
  }

  /** A group as it was saved, back after a restart. */
  restore(group: SimGroup): void {
    this.groups.set(group.id, group);
  }

  byInviteCode(code: string): SimGroup | undefined {
    for (const group of this.groups.values()) if (group.inviteCode === code) return group;
    return undefined;
  }

  /** The groups `pn` is a member of. */
  of(pn: string): SimGroup[] {
    return [...this.groups.values()].filter((g) => g.members.has(pn));
  }

  revokeInvite(group: SimGroup): string {
    group.inviteCode = newInviteCode();
    return group.inviteCode;
  }
}

export const isAdmin = (group: SimGroup, pn: string): boolean => {
  const role = group.members.get(pn);
  return role === "admin" || role === "superadmin";
};
