import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { GroupInfo, GroupParticipant } from "@wharf/contracts";
import { useState } from "react";
import { isPending } from "../api/endpoints";
import { describeError, isApiError } from "../api/http";
import { qk } from "../api/query-keys";
import { useApi } from "../auth/AuthProvider";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { CopyButton, copyText } from "../ui/CopyButton";
import { Dialog } from "../ui/Dialog";
import { ErrorBanner, Spinner } from "../ui/Field";
import { formatPhone } from "../ui/format";
import { LinkIcon } from "../ui/icons";
import { useFeedback } from "../ui/Toasts";
import { useSession } from "../sessions/queries";
import { Avatar } from "./ConversationList";
import { GroupDetails } from "./GroupDetails";
import { AddMemberForm, MemberMenu, useParticipantAction } from "./GroupMemberActions";

/** A member for people: their number, never a LID (which is not one). */
export function participantName(p: GroupParticipant): string {
  if (p.phone) return formatPhone(p.phone);
  if (p.jid.endsWith("@s.whatsapp.net")) return formatPhone(p.jid.split("@")[0]);
  return "Unknown member";
}

const ROLE_LABEL = { superadmin: "Owner", admin: "Admin" } as const;

/** Admins first (owner on top), then members by number, so the people who can act are found fast. */
function byRole(a: GroupParticipant, b: GroupParticipant): number {
  const rank = (p: GroupParticipant) => (p.admin === "superadmin" ? 0 : p.admin === "admin" ? 1 : 2);
  return rank(a) - rank(b) || participantName(a).localeCompare(participantName(b));
}

/** The session's own account among the members (by number: a LID member is never matched). */
function isOwnAccount(p: GroupParticipant, ownPhone: string | null): boolean {
  return ownPhone !== null && (p.phone ?? p.jid.split("@")[0]) === ownPhone;
}

/** Admin actions show only when the session's account is known to be an admin of the group. */
function amAdmin(participants: GroupParticipant[], ownPhone: string | null): boolean {
  return participants.some((p) => isOwnAccount(p, ownPhone) && p.admin !== null);
}

/**
 * A group's members (with admin badges), its invite link and "Leave group", in a drawer opened from
 * the thread head. The group is read fresh from WhatsApp; when the owner is slow (202) the stored copy shows.
 */
export function GroupInfoPanel({
  sessionId,
  jid,
  title,
  open,
  onClose,
  onLeft,
}: {
  sessionId: string;
  jid: string;
  title: string;
  open: boolean;
  onClose: () => void;
  onLeft: () => void;
}) {
  return (
    <Dialog open={open} onClose={onClose} size="drawer" title={title} description="Group info">
      <GroupInfoBody sessionId={sessionId} jid={jid} title={title} onLeft={onLeft} />
    </Dialog>
  );
}

function GroupInfoBody({
  sessionId,
  jid,
  title,
  onLeft,
}: {
  sessionId: string;
  jid: string;
  title: string;
  onLeft: () => void;
}) {
  const api = useApi();
  const qc = useQueryClient();
  const { toast } = useFeedback();
  const [leaving, setLeaving] = useState(false);
  const [invite, setInvite] = useState<string | null>(null);
  const ownPhone = useSession(sessionId).data?.phone ?? null;
  const run = useParticipantAction(sessionId, jid);
  const group = useQuery({
    queryKey: qk.group(sessionId, jid),
    queryFn: async (): Promise<GroupInfo> => {
      const fresh = await api.groups.get(sessionId, jid);
      if (!isPending(fresh)) return fresh;
      const stored = await api.groups.get(sessionId, jid, true);
      if (isPending(stored)) throw new Error("WhatsApp has not answered yet. Try again in a moment.");
      return stored;
    },
  });

  async function copyInvite() {
    try {
      const answer = await api.groups.invite(sessionId, jid);
      if (isPending(answer)) {
        toast("error", "WhatsApp has not answered yet. Try again in a moment.");
        return;
      }
      setInvite(answer.link);
      const ok = await copyText(answer.link);
      toast(ok ? "success" : "error", ok ? "Invite link copied" : "Couldn't copy the link: select it below");
    } catch (err) {
      const notAdmin = isApiError(err) && err.status === 403;
      toast("error", notAdmin ? "Only group admins can share the invite link." : describeError(err));
    }
  }

  return (
    <div className="group-info">
      {group.isPending ? (
        <div className="center-pad">
          <Spinner label="Loading the group" />
        </div>
      ) : group.isError ? (
        <ErrorBanner>{describeError(group.error)}</ErrorBanner>
      ) : (
        <>
          <GroupDetails
            sessionId={sessionId}
            group={group.data}
            canEdit={amAdmin(group.data.participants, ownPhone) || !group.data.restrict}
          />
          <h3 className="group-info__heading">
            {group.data.participantCount} {group.data.participantCount === 1 ? "member" : "members"}
          </h3>
          <ul className="group-info__members" aria-label="Members">
            {group.data.participants.toSorted(byRole).map((p) => {
              const name = participantName(p);
              const me = isOwnAccount(p, ownPhone);
              return (
                <li key={p.jid} className="group-info__member">
                  <Avatar title={name} seed={p.jid} />
                  <span className="group-info__name">{name}</span>
                  {me ? <span className="muted">You</span> : null}
                  {p.admin ? <span className="badge badge--info">{ROLE_LABEL[p.admin]}</span> : null}
                  {amAdmin(group.data.participants, ownPhone) && !me && p.admin !== "superadmin" ? (
                    <MemberMenu member={p} name={name} groupTitle={title} run={run} />
                  ) : null}
                </li>
              );
            })}
          </ul>
          {amAdmin(group.data.participants, ownPhone) ? <AddMemberForm run={run} /> : null}
        </>
      )}
      <div className="group-info__actions">
        <button type="button" className="button button--secondary" onClick={() => void copyInvite()}>
          <LinkIcon /> Copy invite link
        </button>
        {invite ? (
          <div className="group-info__invite">
            <code>{invite}</code>
            <CopyButton value={invite} label="Copy again" className="button button--ghost button--sm" />
          </div>
        ) : null}
        <button type="button" className="button button--danger" onClick={() => setLeaving(true)}>
          Leave group
        </button>
      </div>
      <ConfirmDialog
        open={leaving}
        title={`Leave ${title}?`}
        confirmLabel="Leave group"
        onClose={() => setLeaving(false)}
        onConfirm={async () => {
          await api.groups.leave(sessionId, jid);
          void qc.invalidateQueries({ queryKey: qk.chats(sessionId) });
          toast("success", `You left ${title}`);
          onLeft();
        }}
      >
        This number stops receiving the group's messages. An admin has to add it again to rejoin.
      </ConfirmDialog>
    </div>
  );
}
