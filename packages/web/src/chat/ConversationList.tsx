import type { Chat } from "../api/types";
import { formatPhone, jidUser } from "../ui/format";
import { RelativeTime } from "../ui/RelativeTime";
import { PersonIcon } from "../ui/icons";

export function chatTitle(chat: Pick<Chat, "name" | "phone" | "jid">): string {
  if (chat.name) return chat.name;
  if (chat.jid.endsWith("@g.us")) return "Group";
  return formatPhone(chat.phone ?? jidUser(chat.jid));
}

const HUES = [168, 200, 230, 262, 292, 330, 20, 40];
export function avatarHue(seed: string): number {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return HUES[h % HUES.length]!;
}

export function Avatar({ title, seed }: { title: string; seed: string }) {
  // A bare number has no initials worth showing: draw a person instead.
  const isNumber = /^\+?[\d\s]+$/.test(title);
  const initials = title
    .split(/\s+/)
    .map((w) => w[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <span className="avatar" style={{ ["--avatar-hue" as string]: avatarHue(seed) }} aria-hidden="true">
      {isNumber || !initials ? <PersonIcon size={20} /> : initials}
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
                  <span className="conversation__title">{title}</span>
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
