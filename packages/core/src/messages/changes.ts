import type { MessageChange, MessageReaction, StoredMessageContent } from "@wharf/contracts";
import type { ContentPatch, MessageRecord } from "./records";

/**
 * A stored message after a change WhatsApp reported (pure): an edit replaces the text (or a
 * media caption) and marks it edited; a delete for everyone leaves a tombstone, not a gap;
 * a reaction replaces its sender's earlier one (an empty emoji removes it); a stored file
 * fills in the media fields. null when the change changes nothing, so applying it twice is
 * harmless (an event redelivered after a crash).
 */
export function applyMessageChange(m: MessageRecord, change: MessageChange, now: string): ContentPatch | null {
  const base: ContentPatch = {
    content: m.content,
    editedAt: m.editedAt ?? null,
    deletedAt: m.deletedAt ?? null,
    reactions: m.reactions ?? [],
    updatedAt: now,
  };
  switch (change.change) {
    case "edited": {
      if (m.deletedAt || (m.editedAt && m.editedAt > change.at)) return null;
      const content = editedContent(m.content, change.text);
      if (!content || (content === m.content && m.editedAt === change.at)) return null;
      return { ...base, content, editedAt: change.at };
    }
    case "deleted":
      if (m.deletedAt) return null;
      return { ...base, content: { kind: "deleted" }, deletedAt: change.at, reactions: [] };
    case "reaction":
      return withReaction(base, m, { emoji: change.emoji, senderJid: change.senderJid, at: change.at });
    case "media": {
      if (m.deletedAt || !isMediaKind(m.content)) return null;
      return { ...base, content: { ...m.content, ...change.media } as StoredMessageContent };
    }
  }
}

/** Attaches (or, with an empty emoji, removes) one sender's reaction. */
export function withReaction(
  base: ContentPatch,
  m: MessageRecord,
  reaction: { emoji: string; senderJid: string | null; at: string },
): ContentPatch | null {
  if (m.deletedAt) return null;
  const current = m.reactions ?? [];
  const mine = current.find((r) => r.senderJid === reaction.senderJid);
  if (mine && mine.at > reaction.at) return null; // an older reaction arriving late
  if (mine?.emoji === reaction.emoji || (!mine && reaction.emoji === "")) return null;
  const others = current.filter((r) => r.senderJid !== reaction.senderJid);
  const next: MessageReaction[] =
    reaction.emoji === ""
      ? others
      : [...others, { emoji: reaction.emoji, senderJid: reaction.senderJid, at: reaction.at }];
  return { ...base, reactions: next };
}

function isMediaKind(c: StoredMessageContent): boolean {
  return ["image", "video", "audio", "document", "sticker"].includes(c.kind);
}

function editedContent(c: StoredMessageContent, text: string): StoredMessageContent | null {
  switch (c.kind) {
    case "text":
      return c.text === text ? c : { ...c, text };
    case "image":
    case "video":
    case "document":
      return c.caption === text ? c : { ...c, caption: text };
    default:
      return null; // nothing with words to edit
  }
}
