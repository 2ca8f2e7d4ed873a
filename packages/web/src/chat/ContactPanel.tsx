import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { Blocklist, ContactProfile } from "@wharf/contracts";
import { useState } from "react";
import { operationError, settle } from "../api/operations";
import { qk } from "../api/query-keys";
import { useApi } from "../auth/AuthProvider";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { Dialog } from "../ui/Dialog";
import { ErrorBanner, Spinner } from "../ui/Field";
import { formatPhone, jidUser } from "../ui/format";
import { useFeedback } from "../ui/Toasts";
import { Avatar } from "./ConversationList";

/** Blocklist entries are phone JIDs; a chat may be keyed by one too, so compare the user part. */
const sameAccount = (a: string, b: string) => jidUser(a) === jidUser(b);

/**
 * A 1:1 contact's profile picture and status text ("about"), read from WhatsApp through the
 * session's owner, and block / unblock after a confirmation, reflecting the session's blocklist.
 */
export function ContactPanel({
  sessionId,
  jid,
  title,
  open,
  onClose,
}: {
  sessionId: string;
  jid: string;
  title: string;
  open: boolean;
  onClose: () => void;
}) {
  return (
    <Dialog open={open} onClose={onClose} size="drawer" title={title} description="Contact info">
      {open ? <ContactBody sessionId={sessionId} jid={jid} title={title} /> : null}
    </Dialog>
  );
}

function ContactBody({ sessionId, jid, title }: { sessionId: string; jid: string; title: string }) {
  const api = useApi();
  const qc = useQueryClient();
  const { toast } = useFeedback();
  const [waiting, setWaiting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const onWaiting = () => setWaiting(true);
  const profile = useQuery({
    queryKey: qk.contact(sessionId, jid),
    queryFn: () => settle<ContactProfile>(api, sessionId, api.contacts.profile(sessionId, jid), { onWaiting }),
    retry: false,
  });
  const blocklist = useQuery({
    queryKey: qk.blocklist(sessionId),
    queryFn: () => settle<Blocklist>(api, sessionId, api.contacts.blocklist(sessionId), { onWaiting }),
    retry: false,
  });
  const blocked = blocklist.data?.jids.some((b) => sameAccount(b, jid)) ?? false;

  async function toggleBlock() {
    const block = !blocked;
    try {
      const answer = await settle(api, sessionId, api.contacts.block(sessionId, jid, block), { onWaiting });
      qc.setQueryData<Blocklist>(qk.blocklist(sessionId), (old) => {
        const others = (old?.jids ?? []).filter((b) => !sameAccount(b, jid));
        return { jids: answer.blocked ? [...others, answer.jid] : others };
      });
      toast("success", answer.blocked ? `${title} is blocked` : `${title} is unblocked`);
    } catch (err) {
      // Shown in the confirmation, which stays open.
      throw new Error(operationError(err));
    } finally {
      setWaiting(false);
    }
  }

  const p = profile.data;
  return (
    <div className="group-info contact-info">
      {waiting && (profile.isPending || blocklist.isPending) ? (
        <p className="field__hint" role="status">
          Still waiting for WhatsApp…
        </p>
      ) : null}
      {profile.isPending ? (
        <div className="center-pad">
          <Spinner label="Loading the contact" />
        </div>
      ) : profile.isError ? (
        <ErrorBanner>{operationError(profile.error)}</ErrorBanner>
      ) : (
        <>
          <div className="contact-info__picture">
            {p?.pictureUrl ? (
              <img src={p.pictureUrl} alt={title} width={160} height={160} />
            ) : (
              <Avatar title={title} seed={jid} />
            )}
          </div>
          <p className="contact-info__phone">{formatPhone(p?.phone ?? jidUser(jid))}</p>
          <div>
            <h3 className="group-info__heading">About</h3>
            <p className="group-info__description">{p?.status ?? "No status, or hidden by their privacy settings."}</p>
          </div>
        </>
      )}
      {blocklist.isError ? (
        <ErrorBanner>Couldn't read the blocklist: {operationError(blocklist.error)}</ErrorBanner>
      ) : (
        <div className="group-info__actions">
          {blocked ? <span className="badge badge--warning">Blocked</span> : null}
          <button
            type="button"
            className={`button ${blocked ? "button--secondary" : "button--danger"}`}
            disabled={blocklist.isPending}
            onClick={() => setConfirming(true)}
          >
            {blocked ? "Unblock" : "Block"}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={blocked ? `Unblock ${title}?` : `Block ${title}?`}
        confirmLabel={blocked ? "Unblock" : "Block"}
        danger={!blocked}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          await toggleBlock();
          setConfirming(false);
        }}
      >
        {blocked
          ? "They can call this number and send it messages again."
          : "Blocked contacts can't call this number or send it messages."}
      </ConfirmDialog>
    </div>
  );
}
