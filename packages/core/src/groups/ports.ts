import type { GroupSnapshot } from "@wharf/contracts";
import type { PageRequest, PageResult } from "../paging";

/** A group of a session as the owner last read it from WhatsApp (kept after the account left). */
export interface GroupRecord extends GroupSnapshot {
  tenantId: string;
  sessionId: string;
  jid: string;
  /** false once the account left or was removed */
  member: boolean;
  updatedAt: string;
}

/**
 * Group metadata per session. Writing a group also writes its chat's `group` summary (subject,
 * member count), so the chats list shows groups without reading their metadata.
 */
export interface GroupStore {
  put(record: GroupRecord): Promise<void>;
  /** the account is no longer in the group: the record stays, `member` false */
  markLeft(tenantId: string, sessionId: string, jid: string, at: string): Promise<void>;
  get(tenantId: string, sessionId: string, jid: string): Promise<GroupRecord | null>;
  /** the session's groups by JID, the account's current ones only */
  list(tenantId: string, sessionId: string, page: PageRequest): Promise<PageResult<GroupRecord>>;
}
