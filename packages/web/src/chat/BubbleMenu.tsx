import { useEffect, useRef } from "react";
import { MenuButton, type MenuItem } from "../ui/Menu";
import { MoreIcon } from "../ui/icons";
import type { ThreadMessage } from "./queries";

/** What a person can do with a message; the thread wires these to the API. */
export interface MessageActions {
  reply: (m: ThreadMessage) => void;
  react: (m: ThreadMessage, emoji: string) => void;
  edit: (m: ThreadMessage) => void;
  remove: (m: ThreadMessage) => void;
  copy: (m: ThreadMessage) => void;
}

export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"] as const;

/** Sent through Wharf and accepted: it has a WhatsApp id to quote, react to, edit or delete. */
function isOnWhatsApp(m: ThreadMessage): boolean {
  return !m.id.startsWith("local_") && m.status !== "failed" && m.status !== "queued";
}

/** The items a bubble's menu offers: reply, react, edit (own text), delete (own), copy. */
export function bubbleMenuItems(m: ThreadMessage, actions: MessageActions, openReactions: () => void): MenuItem[] {
  if (m.deleted || m.content.kind === "deleted") return [];
  const items: MenuItem[] = [];
  const live = isOnWhatsApp(m);
  if (live) items.push({ label: "Reply", onSelect: () => actions.reply(m) });
  if (live) items.push({ label: "React", onSelect: openReactions });
  if (live && m.direction === "out" && m.content.kind === "text")
    items.push({ label: "Edit", onSelect: () => actions.edit(m) });
  if (m.text) items.push({ label: "Copy text", onSelect: () => actions.copy(m) });
  if (live && m.direction === "out")
    items.push({ label: "Delete for everyone", danger: true, onSelect: () => actions.remove(m) });
  return items;
}

export function BubbleMenu({ items }: { items: MenuItem[] }) {
  if (items.length === 0) return null;
  return (
    <div className="bubble__menu">
      <MenuButton label="Message actions" icon={<MoreIcon size={16} />} items={items} />
    </div>
  );
}

/** A row of quick reactions; the one you gave is pressed, and pressing it again removes it. */
export function ReactionBar({
  mine,
  onPick,
  onClose,
}: {
  mine: string | null;
  onPick: (emoji: string) => void;
  onClose: () => void;
}) {
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    bar.current?.querySelector<HTMLButtonElement>("button")?.focus();
  }, []);
  return (
    <div
      ref={bar}
      className="reaction-bar"
      role="toolbar"
      aria-label="React to message"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      {QUICK_REACTIONS.map((emoji) => (
        <button
          key={emoji}
          type="button"
          className="reaction-bar__emoji"
          aria-label={mine === emoji ? `Remove reaction ${emoji}` : `React with ${emoji}`}
          aria-pressed={mine === emoji}
          onClick={() => onPick(mine === emoji ? "" : emoji)}
        >
          {emoji}
        </button>
      ))}
      <button type="button" className="icon-button reaction-bar__close" aria-label="Close reactions" onClick={onClose}>
        ×
      </button>
    </div>
  );
}
