import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { GroupInfo, GroupUpdatedFrameData, Page } from "@wharf/contracts";
import { qk } from "../api/query-keys";
import type { Chat } from "../api/types";

/**
 * A `group:updated` frame: the chat list takes the new subject and member count, an open group
 * panel the whole snapshot. Without a snapshot (e.g. the account left) both are fetched again.
 */
export function applyGroupUpdate(qc: QueryClient, sessionId: string, d: GroupUpdatedFrameData): void {
  const snapshot = d.group;
  if (!snapshot) {
    void qc.invalidateQueries({ queryKey: qk.chats(sessionId) });
    void qc.invalidateQueries({ queryKey: qk.group(sessionId, d.groupJid) });
    return;
  }
  const found = patchChatGroup(qc, sessionId, d.groupJid, snapshot);
  // A group the list has not shown yet (just joined or created): fetch the list rather than guess.
  if (!found) void qc.invalidateQueries({ queryKey: qk.chats(sessionId) });
  qc.setQueryData<GroupInfo>(qk.group(sessionId, d.groupJid), (g) => (g ? { ...snapshot, jid: d.groupJid } : g));
}

/**
 * A group WhatsApp just answered with (edited, joined): its panel and the chat list show it at
 * once, without waiting for the `group:updated` frame.
 */
export function showGroup(qc: QueryClient, sessionId: string, group: GroupInfo): void {
  qc.setQueryData(qk.group(sessionId, group.jid), group);
  if (!patchChatGroup(qc, sessionId, group.jid, group)) void qc.invalidateQueries({ queryKey: qk.chats(sessionId) });
}

/** The chat list's subject and member count of one group; false when the list does not hold it. */
function patchChatGroup(
  qc: QueryClient,
  sessionId: string,
  jid: string,
  snapshot: Pick<GroupInfo, "subject" | "participantCount">,
): boolean {
  let found = false;
  qc.setQueryData<InfiniteData<Page<Chat>, unknown>>(qk.chats(sessionId), (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((p) => ({
            ...p,
            data: p.data.map((c) => {
              if (c.jid !== jid) return c;
              found = true;
              return { ...c, group: { subject: snapshot.subject, participantCount: snapshot.participantCount } };
            }),
          })),
        }
      : data,
  );
  return found;
}
