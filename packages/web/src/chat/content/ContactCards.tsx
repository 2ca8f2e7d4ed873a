import type { MessageContent } from "../../api/types";
import { PersonIcon } from "../../ui/icons";
import { readVCard } from "./vcard";

type ContactContent = Extract<MessageContent, { kind: "contact" }>;

/** One card per shared contact: name and numbers (tel: links). */
export function ContactCards({ content }: { content: ContactContent }) {
  return (
    <ul className="contact-cards" aria-label={content.contacts.length > 1 ? "Contact cards" : "Contact card"}>
      {content.contacts.map((c, i) => {
        const card = readVCard(c.vcard);
        const name = c.displayName ?? card.name ?? "Contact";
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: cards have no id and never reorder
          <li key={i} className="contact-card" aria-label={`Contact: ${name}`}>
            <span className="contact-card__icon" aria-hidden="true">
              <PersonIcon size={18} />
            </span>
            <span className="contact-card__text">
              <span className="contact-card__name">{name}</span>
              {card.phones.map((p) => (
                <a key={p} className="contact-card__phone tabular" href={`tel:${p.replace(/[^\d+]/g, "")}`}>
                  {p}
                </a>
              ))}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
