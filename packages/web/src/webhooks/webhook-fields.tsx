import { WEBHOOK_EVENT_TYPES, type Session, type WebhookEventType } from "../api/types";

/** What each fleet event means, in the order the API lists them. */
export const EVENT_HELP: Record<WebhookEventType, string> = {
  "session.status": "A session connects, disconnects, logs out or fails",
  "session.qr": "A new QR code is ready to scan",
  "session.pairing_code": "A pairing code is ready to type on the phone",
  "session.unstable": "A session keeps reconnecting",
  "message.received": "A message arrives",
  "message.status": "A sent message is delivered, read or fails",
  "contacts.upsert": "Contacts of a linked account were added or changed",
  "message.updated": "A message is edited, deleted, reacted to or its file is stored",
  "chat.presence": "A contact is typing or recording in a chat",
  "message.action_failed": "An edit, delete, reaction, read receipt or typing indicator did not happen",
  "group.joined": "The account is in a new group (created, added or joined)",
  "group.participants_added": "Members were added to a group",
  "group.participants_removed": "Members were removed from a group or left",
  "group.participants_promoted": "Members became group admins",
  "group.participants_demoted": "Members are no longer group admins",
  "group.subject_changed": "A group's subject changed",
  "group.description_changed": "A group's description changed",
  "group.settings_changed": "Who may send or edit a group changed",
  "group.left": "The account left a group or was removed",
};

export const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

export function urlError(raw: string): string | null {
  const value = raw.trim();
  if (!value) return "Enter the URL that should receive events.";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "That is not a valid URL. Include https://.";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an http:// or https:// URL.";
  return null;
}

/** The event checkboxes of the create and edit dialogs. */
export function EventChecklist({
  events,
  onChange,
}: {
  events: WebhookEventType[];
  onChange: (events: WebhookEventType[]) => void;
}) {
  return (
    <fieldset className="fieldset">
      <legend className="field__label">Events</legend>
      {WEBHOOK_EVENT_TYPES.map((ev) => (
        <label key={ev} className="check">
          <input type="checkbox" checked={events.includes(ev)} onChange={() => onChange(toggle(events, ev))} />
          <span>
            <span className="mono">{ev}</span>
            <span className="check__help">{EVENT_HELP[ev]}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** "All sessions" or a chosen few, for the create and edit dialogs. */
export function SessionScope({
  name,
  sessions,
  allSessions,
  onAllSessions,
  sessionIds,
  onSessionIds,
}: {
  name: string;
  sessions: Session[];
  allSessions: boolean;
  onAllSessions: (all: boolean) => void;
  sessionIds: string[];
  onSessionIds: (ids: string[]) => void;
}) {
  return (
    <fieldset className="fieldset">
      <legend className="field__label">Sessions</legend>
      <label className="check">
        <input type="radio" name={name} checked={allSessions} onChange={() => onAllSessions(true)} />
        <span>All sessions, including future ones</span>
      </label>
      <label className="check">
        <input
          type="radio"
          name={name}
          checked={!allSessions}
          onChange={() => onAllSessions(false)}
          disabled={sessions.length === 0 && sessionIds.length === 0}
        />
        <span>Only selected sessions</span>
      </label>
      {!allSessions ? (
        <div className="check-list">
          {sessions.map((s) => (
            <label key={s.id} className="check check--nested">
              <input
                type="checkbox"
                checked={sessionIds.includes(s.id)}
                onChange={() => onSessionIds(toggle(sessionIds, s.id))}
              />
              <span>{s.name}</span>
            </label>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}
