import type { QuotedMessage } from "../../api/types";
import { formatPhone, jidUser } from "../../ui/format";

/** The message a reply quotes, above the bubble's content: who wrote it and how it began. */
export function QuotedReply({
  quoted,
  contactName,
  authorOf,
  onJump,
}: {
  quoted: QuotedMessage;
  /** the chat's name, for quotes of the contact in a 1:1 chat */
  contactName: string;
  /** in a group: the quoted member's name (the chat's name would be the group's) */
  authorOf?: (senderJid: string) => string;
  /** scrolls to the quoted message when the thread holds it */
  onJump?: (messageId: string) => void;
}) {
  const author =
    quoted.senderJid === null
      ? "You"
      : authorOf
        ? authorOf(quoted.senderJid)
        : contactName || formatPhone(jidUser(quoted.senderJid));
  // The hidden words make the button's name read as a sentence while matching its visible text.
  const body = (
    <>
      <span className="sr-only">Reply to </span>
      <span className="quote__author">{author}</span>
      <span className="sr-only">: </span>
      <span className="quote__preview">{quoted.preview ?? "Message"}</span>
    </>
  );
  const label = `Reply to ${author}: ${quoted.preview ?? "message"}`;
  if (onJump && quoted.messageId) {
    const id = quoted.messageId;
    return (
      <button type="button" className="quote quote--link" onClick={() => onJump(id)}>
        {body}
      </button>
    );
  }
  return (
    <blockquote className="quote" aria-label={label}>
      {body}
    </blockquote>
  );
}
