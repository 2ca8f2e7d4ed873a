import { useState } from "react";
import { clockTime } from "../ui/format";
import { BubbleMenu, bubbleMenuItems, ReactionBar, type MessageActions } from "./BubbleMenu";
import { MessageBody, quotedOf } from "./content/MessageBody";
import { QuotedReply } from "./content/QuotedReply";
import { Reactions } from "./content/Reactions";
import type { ThreadMessage } from "./queries";
import { Ticks } from "./Ticks";

export function failureWords(m: ThreadMessage): string | null {
  return m.failureReason ?? (m.failureCode ? m.failureCode.replace(/_/g, " ") : null);
}

/** One message: sender, quoted reply, content, edited marker, time and ticks, reactions, menu. */
export function Bubble({
  message: m,
  contactName,
  sender,
  quoteAuthor,
  actions,
  onJump,
}: {
  message: ThreadMessage;
  contactName: string;
  /** the name shown above the content (group threads); undefined: the sender's pushName, if any */
  sender?: string | null;
  /** in a group: names the author of a quoted message */
  quoteAuthor?: (senderJid: string) => string;
  actions?: MessageActions;
  onJump?: (messageId: string) => void;
}) {
  const [reacting, setReacting] = useState(false);
  const failed = m.status === "failed" || !!m.sendError;
  const quoted = quotedOf(m.content);
  const mine = m.reactions?.find((r) => r.senderJid === null)?.emoji ?? null;
  const items = actions ? bubbleMenuItems(m, actions, () => setReacting(true)) : [];
  const edited = m.edited && !m.deleted;
  const senderLabel = sender === undefined ? (m.direction === "in" ? m.pushName : null) : sender;
  return (
    <div className={`bubble-row bubble-row--${m.direction}`}>
      <div
        className={`bubble bubble--${m.direction} bubble--${m.content.kind} ${failed ? "bubble--failed" : ""}`}
        data-message-id={m.id}
        data-kind={m.content.kind}
      >
        {senderLabel ? <div className="bubble__sender">{senderLabel}</div> : null}
        {quoted ? (
          <QuotedReply quoted={quoted} contactName={contactName} authorOf={quoteAuthor} onJump={onJump} />
        ) : null}
        <MessageBody content={m.content} />
        <div className="bubble__meta">
          {edited ? <span className="bubble__edited">Edited</span> : null}
          <time dateTime={m.timestamp}>{clockTime(m.timestamp)}</time>
          {m.direction === "out" ? (
            <Ticks status={m.sendError ? "failed" : m.status} reason={m.sendError ?? failureWords(m)} />
          ) : null}
        </div>
        <Reactions reactions={m.reactions} />
      </div>
      <BubbleMenu items={items} />
      {reacting && actions ? (
        <ReactionBar
          mine={mine}
          onClose={() => setReacting(false)}
          onPick={(emoji) => {
            setReacting(false);
            actions.react(m, emoji);
          }}
        />
      ) : null}
    </div>
  );
}
