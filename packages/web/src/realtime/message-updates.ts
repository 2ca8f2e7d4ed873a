import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { Page } from "@wharf/contracts";
import { qk } from "../api/query-keys";
import type { Message, MessageChange, MessageContent, MessageReaction } from "../api/types";
import { laterStatus } from "./cache-sync";

/**
 * Changes to messages already in a thread: an edit, a delete for everyone (the message stays
 * as a tombstone), a reaction added or removed, or its file stored after it arrived. Applied
 * from `message:updated` frames and, optimistically, from the dashboard's own actions.
 */

type Pages = InfiniteData<Page<Message>, unknown>;

const MEDIA_KINDS = new Set<string>(["image", "video", "audio", "document", "sticker"]);

/** The change without where it applies: what `applyChange` does to one message. */
export type ChangeBody =
  | { change: "edited"; text: string; at: string }
  | { change: "deleted"; at: string }
  | { change: "reaction"; senderJid: string | null; emoji: string; at: string }
  | { change: "media"; media: Extract<MessageChange, { change: "media" }>["media"] };

function withText(content: MessageContent, text: string): MessageContent {
  if (content.kind === "text") return { ...content, text };
  if (content.kind === "image" || content.kind === "video" || content.kind === "document")
    return { ...content, caption: text };
  return content;
}

function withReaction(list: MessageReaction[] | undefined, senderJid: string | null, emoji: string, at: string) {
  const others = (list ?? []).filter((r) => r.senderJid !== senderJid);
  return emoji ? [...others, { emoji, senderJid, at }] : others;
}

/** One message after a change; pure. */
export function applyChange(m: Message, c: ChangeBody): Message {
  switch (c.change) {
    case "edited":
      if (m.deleted) return m;
      return {
        ...m,
        text: c.text,
        content: withText(m.content, c.text),
        edited: true,
        editedAt: c.at,
        updatedAt: c.at,
      };
    case "deleted":
      return {
        ...m,
        type: "deleted",
        text: null,
        content: { kind: "deleted" },
        deleted: true,
        deletedAt: c.at,
        reactions: [],
        updatedAt: c.at,
      };
    case "reaction":
      return { ...m, reactions: withReaction(m.reactions, c.senderJid, c.emoji, c.at), updatedAt: c.at };
    case "media": {
      if (!MEDIA_KINDS.has(m.content.kind)) return m;
      const { storageKey: _hidden, ...media } = c.media;
      return { ...m, content: { ...m.content, ...media } as MessageContent };
    }
  }
}

function mapThread(data: Pages | undefined, match: (m: Message) => boolean, fn: (m: Message) => Message) {
  if (!data) return data;
  let hit = false;
  const pages = data.pages.map((p) => ({
    ...p,
    data: p.data.map((m) => {
      if (!match(m)) return m;
      hit = true;
      return fn(m);
    }),
  }));
  return hit ? { ...data, pages } : data;
}

/** Applies a change to the message with this Wharf id in its chat's cached thread. */
export function changeMessageById(qc: QueryClient, msg: Pick<Message, "sessionId" | "chatJid" | "id">, c: ChangeBody) {
  qc.setQueryData<Pages>(qk.thread(msg.sessionId, msg.chatJid), (data) =>
    mapThread(
      data,
      (m) => m.id === msg.id,
      (m) => applyChange(m, c),
    ),
  );
}

/**
 * A `message:updated` frame. The whole message replaces the cached one (never inserted: an
 * update to a message outside the loaded pages must not jump to the bottom of the thread); a
 * change is matched by WhatsApp's id and direction in its chat.
 */
export function applyMessageUpdate(qc: QueryClient, sessionId: string, data: Message | MessageChange): void {
  if ("id" in data) {
    qc.setQueryData<Pages>(qk.thread(data.sessionId, data.chatJid), (d) =>
      mapThread(
        d,
        (m) => m.id === data.id,
        (m) => ({ ...m, ...data, status: laterStatus(m.status, data.status) }),
      ),
    );
    return;
  }
  const { chatJid, waMessageId, fromMe, ...change } = data;
  const direction = fromMe ? "out" : "in";
  qc.setQueryData<Pages>(qk.thread(sessionId, chatJid), (d) =>
    mapThread(
      d,
      (m) => m.waMessageId === waMessageId && m.direction === direction,
      (m) => applyChange(m, change),
    ),
  );
}
