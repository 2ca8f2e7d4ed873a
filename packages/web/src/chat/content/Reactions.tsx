import type { MessageReaction } from "../../api/types";

/** Reactions under a bubble, grouped by emoji with a count; yours is marked. */
export function Reactions({ reactions }: { reactions: MessageReaction[] | undefined }) {
  if (!reactions?.length) return null;
  const groups = new Map<string, { count: number; mine: boolean }>();
  for (const r of reactions) {
    const g = groups.get(r.emoji) ?? { count: 0, mine: false };
    groups.set(r.emoji, { count: g.count + 1, mine: g.mine || r.senderJid === null });
  }
  return (
    <ul className="reactions" aria-label="Reactions">
      {[...groups].map(([emoji, g]) => (
        <li
          key={emoji}
          className={`reactions__item ${g.mine ? "reactions__item--mine" : ""}`}
          aria-label={`${emoji} ${g.count}${g.mine ? ", including you" : ""}`}
        >
          <span aria-hidden="true">{emoji}</span>
          {g.count > 1 ? (
            <span className="reactions__count tabular" aria-hidden="true">
              {g.count}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
