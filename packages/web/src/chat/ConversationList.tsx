import type { Chat } from "../api/types";
import { formatPhone, jidUser } from "../ui/format";
import { RelativeTime } from "../ui/RelativeTime";
import { GroupIcon, PersonIcon } from "../ui/icons";
import { isGroupJid, memberCount } from "./group";

export function chatTitle(chat: Pick<Chat, "name" | "phone" | "jid" | "group">): string {
  if (chat.group?.subject) return chat.group.subject;
  if (chat.name) return chat.name;
  if (isGroupJid(chat.jid)) return "Group";
  return formatPhone(chat.phone ?? jidUser(chat.jid));
}

const HUES = [168, 200, 230, 262, 292, 330, 20, 40];
export function avatarHue(seed: string): number {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return HUES[h % HUES.length]!;
}

/** Initials on a hue picked from the JID; a group's avatar is a rounded square (people are round). */
export function Avatar({ title, seed }: { title: string; seed: string }) {
  const group = isGroupJid(seed);
  // A bare number has no initials worth showing: draw a person (or a group) instead.
  const isNumber = /^\+?[\d\s]+$/.test(title);
  const initials = title
    .split(/\s+/)
    .map((w) => w[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <span
      className={`avatar ${group ? "avatar--group" : ""}`}
      style={{ ["--avatar-hue" as string]: avatarHue(seed) }}
      aria-hidden="true"
    >
      {group && (isNumber || !initials || title === "Group") ? (
        <GroupIcon size={20} />
      ) : isNumber || !initials ? (
        <PersonIcon size={20} />
      ) : (
        initials
      )}
    </span>
  );
}

interface ConversationListProps {
  chats: Chat[];
  activeJid: string | null;
  onSelect: (jid: string) => void;
}

/** Ordered by last message (newest first); unread counts as badges. */
export function ConversationList({ chats, activeJid, onSelect }: ConversationListProps) {
  const sorted = chats.slice().sort((a, b) => Date.parse(b.lastMessageAt ?? "0") - Date.parse(a.lastMessageAt ?? "0"));
  return (
    <ul className="conversations" aria-label="Conversations">
      {sorted.map((c) => {
        const title = chatTitle(c);
        const members = memberCount(c);
        return (
          <li key={c.jid}>
            <button
              type="button"
              className={`conversation ${c.jid === activeJid ? "conversation--active" : ""}`}
              aria-current={c.jid === activeJid ? "true" : undefined}
              onClick={() => onSelect(c.jid)}
            >
              <Avatar title={title} seed={c.jid} />
              <span className="conversation__main">
                <span className="conversation__top">
                  <span className="conversation__name">
                    <span className="conversation__title">{title}</span>
                    {members ? <span className="conversation__members">{members}</span> : null}
                  </span>
                  <RelativeTime className="conversation__time" iso={c.lastMessageAt} />
                </span>
                <span className="conversation__bottom">
                  <span className="conversation__preview">
                    {c.lastMessageDirection === "out" ? "You: " : ""}
                    {c.lastMessageText ?? ""}
                  </span>
                  {c.unreadCount > 0 ? (
                    <span className="unread" role="img" aria-label={`${c.unreadCount} unread`}>
                      {c.unreadCount > 99 ? "99+" : c.unreadCount}
                    </span>
                  ) : null}
                </span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
