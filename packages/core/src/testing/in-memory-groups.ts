import type { GroupRecord, GroupStore } from "../groups/ports";
import type { ChatRecord } from "../messages/records";
import type { PageRequest, PageResult } from "../paging";
import { copy, paginate } from "./paging";

const key = (t: string, s: string, jid: string) => `${t}|${s}|${jid}`;

/** Groups in memory; given the message store's chats, it keeps their group summary too. */
export class InMemoryGroupStore implements GroupStore {
  readonly groups = new Map<string, GroupRecord>();

  constructor(private readonly chats?: Map<string, ChatRecord>) {}

  async put(record: GroupRecord): Promise<void> {
    this.groups.set(key(record.tenantId, record.sessionId, record.jid), copy(record));
    if (!this.chats) return;
    const k = key(record.tenantId, record.sessionId, record.jid);
    const chat: ChatRecord = this.chats.get(k) ?? {
      tenantId: record.tenantId,
      sessionId: record.sessionId,
      jid: record.jid,
      name: null,
      phone: null,
      unreadCount: 0,
      lastMessageAt: null,
      lastMessageText: null,
      lastMessageDirection: null,
    };
    this.chats.set(k, {
      ...chat,
      name: record.subject,
      group: { subject: record.subject, participantCount: record.participantCount },
    });
  }

  async markLeft(t: string, s: string, jid: string, at: string): Promise<void> {
    const g = this.groups.get(key(t, s, jid));
    if (g) this.groups.set(key(t, s, jid), { ...g, member: false, updatedAt: at });
  }

  async get(t: string, s: string, jid: string): Promise<GroupRecord | null> {
    const g = this.groups.get(key(t, s, jid));
    return g ? copy(g) : null;
  }

  async list(t: string, s: string, page: PageRequest): Promise<PageResult<GroupRecord>> {
    const mine = [...this.groups.values()]
      .filter((g) => g.tenantId === t && g.sessionId === s && g.member)
      .sort((a, b) => (a.jid < b.jid ? -1 : 1));
    return paginate(mine.map(copy), (g) => g.jid, "asc", `${t}|${s}|groups`, page);
  }
}
