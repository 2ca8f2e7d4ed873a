import { useQueryClient } from "@tanstack/react-query";
import type { GroupInfo } from "@wharf/contracts";
import { useEffect, useState } from "react";
import { describeError, isUnavailable } from "../api/http";
import { qk } from "../api/query-keys";
import type { Chat } from "../api/types";
import { navigate } from "../app/router";
import { useActiveChat } from "../realtime/RealtimeProvider";
import { AccountProfilePanel } from "../sessions/AccountProfilePanel";
import { useSession, useSessions } from "../sessions/queries";
import { StatusBadge } from "../sessions/StatusBadge";
import { canSendMessages, STATUS_PRESENTATION } from "../sessions/status-rules";
import { EmptyState, ErrorBanner, Spinner } from "../ui/Field";
import { formatLinkedAccount, formatPhone, jidUser } from "../ui/format";
import { ArrowLeftIcon, ChatIcon, GroupIcon, LinkIcon, PlusIcon } from "../ui/icons";
import { useFeedback } from "../ui/Toasts";
import { chatTitle, ConversationList } from "./ConversationList";
import { NewChatDialog } from "./NewChatDialog";
import { JoinGroupDialog } from "./JoinGroupDialog";
import { NewGroupDialog } from "./NewGroupDialog";
import { useChats, useMarkRead } from "./queries";
import { isGroupJid, memberCount } from "./group";
import { ThreadPane } from "./ThreadPane";

export function ChatPage({ sessionId, jid }: { sessionId: string; jid: string | null }) {
  const session = useSession(sessionId).data;
  const sessions = useSessions().data ?? [];
  const chats = useChats(sessionId);
  const markRead = useMarkRead(sessionId);
  const [newChat, setNewChat] = useState(false);
  const [newGroup, setNewGroup] = useState(false);
  const [joining, setJoining] = useState(false);
  const qc = useQueryClient();
  const { toast } = useFeedback();
  useActiveChat(jid ? { sessionId, jid } : null);

  const chatList = chats.data?.pages.flatMap((p) => p.data) ?? [];
  const active: Chat | undefined = chatList.find((c) => c.jid === jid);
  // A group just created or joined is not listed until its event arrives: name it from WhatsApp's answer.
  const answered = jid && !active ? qc.getQueryData<GroupInfo>(qk.group(sessionId, jid)) : undefined;
  const head: Pick<Chat, "jid" | "name" | "phone" | "group"> | undefined =
    active ?? (answered && { jid: answered.jid, name: null, phone: null, group: answered });
  const unread = active?.unreadCount ?? 0;
  useEffect(() => {
    if (jid && unread > 0) markRead(jid);
  }, [jid, unread, markRead]);

  const open = (j: string | null) => navigate({ name: "chat", sessionId, jid: j });
  const title = jid ? chatTitle(head ?? { jid, name: null, phone: null }) : "";
  // Under a contact's name, their number; under a group's subject, its size; never the raw JID.
  const subtitle = !jid
    ? null
    : isGroupJid(jid)
      ? memberCount(head)
      : head?.name
        ? formatPhone(head.phone ?? jidUser(jid))
        : null;
  const disabledReason = !session
    ? "Loading session…"
    : canSendMessages(session.status)
      ? null
      : `Can't send: session is ${STATUS_PRESENTATION[session.status].label.toLowerCase()}`;

  return (
    <div className={`chat ${jid ? "chat--thread-open" : ""}`}>
      <header className="chat__header">
        <button
          type="button"
          className="icon-button chat__to-sessions"
          onClick={() => navigate({ name: "sessions" })}
          aria-label="Back to sessions"
        >
          <ArrowLeftIcon />
        </button>
        <div className="chat__session">
          <label htmlFor="chat-session" className="sr-only">
            Session
          </label>
          <select
            id="chat-session"
            className="select"
            value={sessionId}
            onChange={(e) => navigate({ name: "chat", sessionId: e.target.value, jid: null })}
          >
            {(sessions.some((s) => s.id === sessionId) ? sessions : session ? [session, ...sessions] : sessions).map(
              (s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {s.phone ? ` · ${formatLinkedAccount(s)}` : ""}
                </option>
              ),
            )}
          </select>
          {session ? <StatusBadge status={session.status} lastDisconnect={session.lastDisconnect} /> : null}
          {session?.phone ? <AccountProfilePanel key={session.id} session={session} /> : null}
        </div>
      </header>

      <div className="chat__body">
        <aside className="chat__list" aria-label="Conversations">
          <div className="chat__list-head">
            <h2>Chats</h2>
            <div className="chat__list-actions">
              <button type="button" className="button button--secondary button--sm" onClick={() => setNewChat(true)}>
                <PlusIcon size={15} /> New chat
              </button>
            </div>
          </div>
          {/* Group entries on a row of their own: three buttons beside "Chats" do not fit the list's width. */}
          <div className="chat__list-tools">
            <button type="button" className="button button--ghost button--sm" onClick={() => setNewGroup(true)}>
              <GroupIcon size={15} /> New group
            </button>
            <button type="button" className="button button--ghost button--sm" onClick={() => setJoining(true)}>
              <LinkIcon size={15} /> Join group
            </button>
          </div>
          {chats.isPending ? (
            <div className="center-pad">
              <Spinner label="Loading chats" />
            </div>
          ) : chats.isError ? (
            isUnavailable(chats.error) ? (
              <EmptyState title="Chats aren't available yet">
                This server does not offer the messaging API yet.
              </EmptyState>
            ) : (
              <ErrorBanner
                action={
                  <button
                    type="button"
                    className="button button--secondary button--sm"
                    onClick={() => void chats.refetch()}
                  >
                    Retry
                  </button>
                }
              >
                {describeError(chats.error)}
              </ErrorBanner>
            )
          ) : chatList.length === 0 ? (
            <EmptyState title="No conversations yet">
              Messages sent to this number show up here as they arrive.
            </EmptyState>
          ) : (
            <>
              <ConversationList chats={chatList} activeJid={jid} onSelect={(j) => open(j)} />
              {chats.hasNextPage ? (
                <button
                  type="button"
                  className="button button--ghost button--sm button--block"
                  onClick={() => void chats.fetchNextPage()}
                >
                  More conversations
                </button>
              ) : null}
            </>
          )}
        </aside>

        <section className="chat__thread" aria-label={jid ? `Conversation with ${title}` : "Conversation"}>
          {jid ? (
            <ThreadPane
              sessionId={sessionId}
              jid={jid}
              title={title}
              subtitle={subtitle}
              disabledReason={disabledReason}
              onBack={() => open(null)}
            />
          ) : (
            <EmptyState icon={<ChatIcon size={28} />} title="Pick a conversation">
              Choose a chat on the left, or start a new one with a phone number.
            </EmptyState>
          )}
        </section>
      </div>

      <NewChatDialog
        sessionId={sessionId}
        open={newChat}
        onClose={() => setNewChat(false)}
        onStart={(phone) => {
          setNewChat(false);
          open(`${phone}@s.whatsapp.net`);
        }}
      />
      <JoinGroupDialog
        sessionId={sessionId}
        open={joining}
        onClose={() => setJoining(false)}
        onJoined={(group) => {
          setJoining(false);
          open(group.jid);
          toast("success", `You joined ${group.subject}`);
        }}
      />
      <NewGroupDialog
        sessionId={sessionId}
        open={newGroup}
        onClose={() => setNewGroup(false)}
        onCreated={(group, missing) => {
          setNewGroup(false);
          open(group.jid);
          toast("success", `Group ${group.subject} created`);
          if (missing.length > 0) {
            toast(
              "error",
              `Not added (not on WhatsApp, or their privacy settings): ${missing.map(formatPhone).join(", ")}`,
            );
          }
        }}
      />
    </div>
  );
}
