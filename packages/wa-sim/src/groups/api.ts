import { SimError } from "../errors";
import type { SimContext } from "../server/context";
import type { InboundRecord } from "../state/types";
import { groupJid, type GroupRole, type SimGroup } from "./model";
import { groupNode, notifyGroup } from "./nodes";
import { postInGroup, type GroupPostContent, type GroupPostOptions } from "./messages";
import { GroupIqError } from "./resolve";
import {
  changeParticipants,
  setDescription,
  setSetting,
  setSubject,
  type ParticipantAction,
  type ParticipantResult,
} from "./set-actions";

export interface GroupView {
  id: string;
  /** `<id>@g.us` */
  jid: string;
  subject: string;
  description: string | null;
  creator: string;
  creation: number;
  announce: boolean;
  restrict: boolean;
  inviteCode: string;
  members: Array<{ pn: string; lid: string; role: GroupRole; account: boolean }>;
}

export type GroupSetting = "announcement" | "not_announcement" | "locked" | "unlocked";

/** What the server refuses, as the admin API's machine codes. */
const CODE_BY_STATUS: Record<number, SimError["code"]> = {
  404: "group_not_found",
  403: "not_a_member",
  401: "not_admin",
  400: "invalid_body",
};

/**
 * Groups driven from a test or demo: members (contacts or accounts' phones) create groups,
 * post in them, change members, subject, description and settings, and every member account's
 * linked device hears it through the same notifications and sender-key messages a real server sends.
 */
export class GroupsApi {
  constructor(private readonly ctx: SimContext) {}

  /** A group created by `creatorPn` (a contact or an account's phone) with `members`; member devices are told. */
  create(creatorPn: string, subject: string, members: string[]): GroupView {
    return this.as(() => {
      this.ctx.directory.ensureContact(creatorPn);
      for (const pn of members) this.ctx.directory.ensureContact(pn);
      const group = this.ctx.groups.create(creatorPn, subject, members);
      notifyGroup(this.ctx, group, creatorPn, { tag: "create", attrs: {}, content: [groupNode(this.ctx, group)] });
      return this.view(group);
    });
  }

  get(groupId: string): GroupView {
    return this.view(this.ctx.groups.get(groupId));
  }

  /** The groups an account's phone is a member of. */
  ofAccount(accountId: string): GroupView[] {
    const account = this.ctx.directory.getAccount(accountId);
    return this.ctx.groups.of(account.phone).map((g) => this.view(g));
  }

  /** A member posts any kind but reactions/edits/revokes; returns one record per member account. */
  post(groupId: string, fromPn: string, content: GroupPostContent, options?: GroupPostOptions): InboundRecord[] {
    return postInGroup(this.ctx, this.ctx.groups.get(groupId), fromPn, content, options);
  }

  /** An admin member adds, removes, promotes or demotes; per-participant results like the IQ's. */
  participants(groupId: string, actorPn: string, action: ParticipantAction, pns: string[]): ParticipantResult[] {
    const group = this.ctx.groups.get(groupId);
    return this.as(() =>
      changeParticipants(
        this.ctx,
        group,
        actorPn,
        action,
        pns.map((pn) => `${pn}@s.whatsapp.net`),
      ),
    );
  }

  setSubject(groupId: string, actorPn: string, subject: string): GroupView {
    const group = this.ctx.groups.get(groupId);
    return this.as(() => {
      setSubject(this.ctx, group, actorPn, subject);
      return this.view(group);
    });
  }

  setDescription(groupId: string, actorPn: string, text: string | null): GroupView {
    const group = this.ctx.groups.get(groupId);
    return this.as(() => {
      setDescription(this.ctx, group, actorPn, text ?? undefined);
      return this.view(group);
    });
  }

  setSetting(groupId: string, actorPn: string, setting: GroupSetting): GroupView {
    const group = this.ctx.groups.get(groupId);
    return this.as(() => {
      setSetting(this.ctx, group, actorPn, setting);
      return this.view(group);
    });
  }

  /** Adding `pn` to any group fails with `code` (e.g. 403: their privacy settings); null lifts it. */
  refuseAdds(pn: string, code: number | null): void {
    if (code === null) this.ctx.groups.addRefusals.delete(pn);
    else this.ctx.groups.addRefusals.set(pn, code);
  }

  private as<T>(work: () => T): T {
    try {
      return work();
    } catch (err) {
      if (err instanceof GroupIqError)
        throw new SimError(CODE_BY_STATUS[err.code] ?? "invalid_body", `the server refused: ${err.text}`);
      throw err;
    }
  }

  private view(group: SimGroup): GroupView {
    return {
      id: group.id,
      jid: groupJid(group),
      subject: group.subject,
      description: group.description?.text ?? null,
      creator: group.creator,
      creation: group.creation,
      announce: group.announce,
      restrict: group.restrict,
      inviteCode: group.inviteCode,
      members: [...group.members].map(([pn, role]) => ({
        pn,
        lid: this.ctx.directory.ensureContact(pn).lid,
        role,
        account: this.ctx.directory.accounts.has(pn),
      })),
    };
  }
}
