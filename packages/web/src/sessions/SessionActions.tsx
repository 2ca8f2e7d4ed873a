import type { Session } from "@wharf/contracts";
import { MenuButton, type MenuItem } from "../ui/Menu";
import { ChatIcon, MoreIcon, PowerIcon, QrIcon, RefreshIcon, SettingsIcon, SignOutIcon, TrashIcon } from "../ui/icons";
import { canDisconnect, canLogout, connectAction } from "./status-rules";

export interface SessionActionHandlers {
  onLink: (s: Session) => void;
  onReconnect: (s: Session) => void;
  onDisconnect: (s: Session) => void;
  onLogout: (s: Session) => void;
  onDelete: (s: Session) => void;
  onChat: (s: Session) => void;
  onSettings?: (s: Session) => void;
}

const canChat = (s: Session) => s.phone !== null || s.status === "open";

/**
 * One contextual primary action per row (Connect, Show QR, Reconnect or Chat) and a menu with
 * the rest; only actions the API accepts in the session's status are offered at all.
 */
export function SessionActions({
  session,
  busy = false,
  ...on
}: SessionActionHandlers & { session: Session; busy?: boolean }) {
  const action = connectAction(session.status, session.phone);
  const name = session.name;
  const chatIsPrimary = action === null && canChat(session);
  const primary =
    action === "reconnect" ? (
      <button
        type="button"
        className="button button--primary button--sm"
        disabled={busy}
        onClick={() => on.onReconnect(session)}
        aria-label={`Reconnect ${name}`}
      >
        <RefreshIcon size={15} />
        Reconnect
      </button>
    ) : action === "show_link" ? (
      <button
        type="button"
        className="button button--primary button--sm"
        onClick={() => on.onLink(session)}
        aria-label={`Show QR for ${name}`}
      >
        <QrIcon size={15} />
        Show QR
      </button>
    ) : action === "link" ? (
      <button
        type="button"
        className="button button--primary button--sm"
        disabled={busy}
        onClick={() => on.onLink(session)}
        aria-label={`Connect ${name}`}
      >
        <QrIcon size={15} />
        Connect
      </button>
    ) : chatIsPrimary ? (
      <button
        type="button"
        className="button button--secondary button--sm"
        onClick={() => on.onChat(session)}
        aria-label={`Chat with ${name}`}
      >
        <ChatIcon size={15} />
        Chat
      </button>
    ) : null;

  const items: MenuItem[] = [];
  if (!chatIsPrimary && canChat(session))
    items.push({ label: "Open chats", icon: <ChatIcon size={15} />, onSelect: () => on.onChat(session) });
  if (on.onSettings)
    items.push({ label: "Settings", icon: <SettingsIcon size={15} />, onSelect: () => on.onSettings!(session) });
  if (!busy && canDisconnect(session.status))
    items.push({
      label: "Disconnect (phone stays linked)",
      icon: <PowerIcon size={15} />,
      onSelect: () => on.onDisconnect(session),
    });
  if (!busy && canLogout(session.status))
    items.push({
      label: "Log out (unlink the phone)",
      icon: <SignOutIcon size={15} />,
      onSelect: () => on.onLogout(session),
    });
  items.push({
    label: "Delete session",
    icon: <TrashIcon size={15} />,
    onSelect: () => on.onDelete(session),
    danger: true,
  });

  return (
    <div className="row-actions">
      {primary}
      <MenuButton label={`More actions for ${name}`} icon={<MoreIcon size={18} />} items={items} />
    </div>
  );
}
