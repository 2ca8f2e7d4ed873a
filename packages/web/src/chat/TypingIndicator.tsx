import { useContactTyping } from "./typing";

/**
 * Under the chat's title: "typing…" or "recording audio…" while the contact does, otherwise
 * the fallback (their number). A polite live region, so screen readers hear it start.
 */
export function TypingIndicator({
  sessionId,
  jid,
  name,
  fallback,
}: {
  sessionId: string;
  jid: string;
  name: string;
  fallback: string | null;
}) {
  const state = useContactTyping(sessionId, jid);
  const words = state === "composing" ? "typing…" : state === "recording" ? "recording audio…" : null;
  return (
    <div className={`cell-sub ${words ? "typing" : "tabular"}`} role="status" aria-live="polite">
      {words ? (
        <>
          <span className="sr-only">{name} is </span>
          {words}
        </>
      ) : (
        fallback
      )}
    </div>
  );
}
