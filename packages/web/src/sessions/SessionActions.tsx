import type { Session } from "@wharf/contracts";
import { ChatIcon, PowerIcon, QrIcon, RefreshIcon, SignOutIcon, TrashIcon } from "../ui/icons";
import { canDisconnect, canLogout, connectAction, STATUS_PRESENTATION } from "./status-rules";

export interface SessionActionHandlers {
  onLink: (s: Session) => void;
  onReconnect: (s: Session) => void;
  onDisconnect: (s: Session) => void;
  onLogout: (s: Session) => void;
  onDelete: (s: Session) => void;
  onChat: (s: Session) => void;
}

/** The row's buttons, enabled by the session's status exactly as the API will accept them. */
export function SessionActions({ session, busy = false, ...on }: SessionActionHandlers & { session: Session; busy?: boolean }) {
  const action = connectAction(session.status, session.phone);
  const why = STATUS_PRESENTATION[session.status].label.toLowerCase();
  const name = session.name;
  const primary =
    action === "reconnect" ? (
      <button type="button" className="button button--secondary button--sm" disabled={busy} onClick={() => on.onReconnect(session)} aria-label={`Reconnect ${name}`}>
        <RefreshIcon size={15} />
        Reconnect
      </button>
    ) : action === "show_link" ? (
      <button type="button" className="button button--primary button--sm" onClick={() => on.onLink(session)} aria-label={`Show linking code for ${name}`}>
        <QrIcon size={15} />
        Show QR
      </button>
    ) : (
      <button
        type="button"
        className="button button--primary button--sm"
        disabled={busy || action !== "link"}
        title={action === "link" ? undefined : `Already ${why}`}
        onClick={() => on.onLink(session)}
        aria-label={`Connect ${name}`}
      >
        <QrIcon size={15} />
        Connect
      </button>
    );

  return (
    <div className="row-actions">
      {primary}
      <button
        type="button"
        className="button button--secondary button--sm"
        disabled={!session.phone && session.status !== "open"}
        title={session.phone || session.status === "open" ? undefined : "Link a phone first"}
        onClick={() => on.onChat(session)}
        aria-label={`Open chats of ${name}`}
      >
        <ChatIcon size={15} />
        Chat
      </button>
      <span className="row-actions__divider" aria-hidden="true" />
      <button
        type="button"
        className="icon-button"
        disabled={busy || !canDisconnect(session.status)}
        title={canDisconnect(session.status) ? "Disconnect (the phone stays linked)" : `Disconnect: not possible while ${why}`}
        onClick={() => on.onDisconnect(session)}
        aria-label={`Disconnect ${name}`}
      >
        <PowerIcon size={16} />
      </button>
      <button
        type="button"
        className="icon-button"
        disabled={busy || !canLogout(session.status)}
        title={canLogout(session.status) ? "Log out (unlink this device from the phone)" : `Log out: not possible while ${why}`}
        onClick={() => on.onLogout(session)}
        aria-label={`Log out ${name}`}
      >
        <SignOutIcon size={16} />
      </button>
      <button type="button" className="icon-button icon-button--danger" onClick={() => on.onDelete(session)} aria-label={`Delete ${name}`} title="Delete session">
        <TrashIcon size={16} />
      </button>
    </div>
  );
}
