import { useQuery } from "@tanstack/react-query";
import type { AccountProfile, Session } from "@wharf/contracts";
import { useState } from "react";
import { operationError, settle } from "../api/operations";
import { qk } from "../api/query-keys";
import { useApi } from "../auth/AuthProvider";
import { Avatar } from "../chat/ConversationList";
import { Dialog } from "../ui/Dialog";
import { ErrorBanner, Spinner } from "../ui/Field";
import { formatPhone, jidUser } from "../ui/format";
import { PersonIcon } from "../ui/icons";

/**
 * The linked account's own profile — the name it shows to contacts, its number and its picture —
 * read from WhatsApp through the session's owner when the drawer opens (not on every page view).
 */
export function AccountProfilePanel({ session }: { session: Session }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="icon-button"
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        aria-label="Linked account's profile"
        title="Linked account's profile"
      >
        <PersonIcon size={18} />
      </button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        size="drawer"
        title="Linked account"
        description={`The WhatsApp profile of ${session.name}`}
      >
        <ProfileBody sessionId={session.id} />
      </Dialog>
    </>
  );
}

function ProfileBody({ sessionId }: { sessionId: string }) {
  const api = useApi();
  const [waiting, setWaiting] = useState(false);
  const profile = useQuery({
    queryKey: qk.profile(sessionId),
    queryFn: () =>
      settle<AccountProfile>(api, sessionId, api.sessions.profile(sessionId), { onWaiting: () => setWaiting(true) }),
    retry: false,
    staleTime: 60_000,
  });

  if (profile.isPending) {
    return (
      <div className="center-pad">
        {waiting ? (
          <p className="field__hint" role="status">
            Still waiting for WhatsApp…
          </p>
        ) : null}
        <Spinner label="Loading the profile" />
      </div>
    );
  }
  if (profile.isError) return <ErrorBanner>{operationError(profile.error)}</ErrorBanner>;
  const p = profile.data;
  const phone = formatPhone(p.phone ?? jidUser(p.jid));
  return (
    <div className="group-info contact-info">
      <div className="contact-info__picture">
        {p.pictureUrl ? (
          <img src={p.pictureUrl} alt={p.name ?? phone} width={160} height={160} />
        ) : (
          <Avatar title={p.name ?? phone} seed={p.jid} />
        )}
      </div>
      <dl className="account-profile">
        <dt>Name</dt>
        <dd>{p.name ?? <span className="muted">No name set</span>}</dd>
        <dt>Phone</dt>
        <dd>{phone}</dd>
      </dl>
      {p.pictureUrl ? null : <p className="muted">No profile picture, or it is hidden by privacy settings.</p>}
    </div>
  );
}
