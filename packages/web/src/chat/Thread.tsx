import { useEffect, useLayoutEffect, useRef } from "react";
import { Bubble, failureWords } from "./Bubble";
import type { MessageActions } from "./BubbleMenu";
import { authorLabels, memberNamer } from "./group";
import type { ThreadMessage } from "./queries";

interface ThreadProps {
  title: string;
  messages: ThreadMessage[];
  hasEarlier: boolean;
  loadingEarlier: boolean;
  onLoadEarlier: () => void;
  onRetry: (m: ThreadMessage) => void;
  /** the bubble menu's actions; without them bubbles have no menu */
  actions?: MessageActions;
  /** a group thread names the author above each run of incoming messages */
  group?: boolean;
}

function dayLabel(iso: string): string {
  const d = new Date(iso);
  const today = new Date();
  const yesterday = new Date(Date.now() - 86_400_000);
  if (d.toDateString() === today.toDateString()) return "Today";
  if (d.toDateString() === yesterday.toDateString()) return "Yesterday";
  return d.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" });
}

/** Brings a quoted message into view (when it is among the loaded ones) and focuses its bubble. */
function jumpTo(messageId: string) {
  const el = document.querySelector<HTMLElement>(`[data-message-id="${messageId}"]`);
  el?.scrollIntoView?.({ block: "center", behavior: "smooth" });
}

/** The message log. role="log" makes new inbound messages polite announcements. */
export function Thread({
  title,
  messages,
  hasEarlier,
  loadingEarlier,
  onLoadEarlier,
  onRetry,
  actions,
  group = false,
}: ThreadProps) {
  const scroller = useRef<HTMLElement>(null);
  const stick = useRef(true);
  const lastId = messages[messages.length - 1]?.id;

  // Follow new messages only when the reader is already at the bottom.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new last message or a longer list is what triggers the scroll
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lastId, messages.length]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onScroll = () => (stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80);
    el.addEventListener("scroll", onScroll);
    return () => el.removeEventListener("scroll", onScroll);
  }, []);

  const authors = group ? authorLabels(messages, dayLabel) : null;
  const quoteAuthor = group ? memberNamer(messages) : undefined;
  let lastDay = "";
  return (
    // Focusable so keyboard users can scroll the history with the arrow keys (axe: scrollable-region-focusable).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to be scrolled
    <section className="thread" ref={scroller} tabIndex={0} aria-label="Message history">
      {hasEarlier ? (
        <div className="thread__earlier">
          <button
            type="button"
            className="button button--ghost button--sm"
            onClick={onLoadEarlier}
            disabled={loadingEarlier}
          >
            {loadingEarlier ? "Loading…" : "Load earlier messages"}
          </button>
        </div>
      ) : null}
      {/* The log is a wrapper: an <ol> given role="log" would leave its <li>s without a list. */}
      <div role="log" aria-label={`Messages with ${title}`}>
        <ol className="thread__list">
          {messages.map((m, i) => {
            const day = dayLabel(m.timestamp);
            const separator = day !== lastDay ? day : null;
            lastDay = day;
            const failed = m.status === "failed" || !!m.sendError;
            return (
              <li key={m.id} className="thread__item">
                {separator ? (
                  // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot hold the day label this separator shows
                  <div className="thread__day" role="separator">
                    <span>{separator}</span>
                  </div>
                ) : null}
                <Bubble
                  message={m}
                  contactName={title}
                  sender={authors ? authors[i] : undefined}
                  quoteAuthor={quoteAuthor}
                  actions={actions}
                  onJump={jumpTo}
                />
                {m.direction === "out" && failed ? (
                  <div className="bubble__error" role="alert">
                    {m.sendError ?? failureWords(m) ?? "Not sent."}
                    {m.sendError && m.localKey ? (
                      <button type="button" className="link-button" onClick={() => onRetry(m)}>
                        Retry
                      </button>
                    ) : null}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
}
