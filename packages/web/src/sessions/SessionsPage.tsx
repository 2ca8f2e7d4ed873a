import type { Session } from "@wharf/contracts";
import { useEffect, useRef, useState } from "react";
import { describeError, isUnavailable } from "../api/http";
import { navigate } from "../app/router";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { EmptyState, ErrorBanner, PageHeader } from "../ui/Field";
import { formatLinkedAccount } from "../ui/format";
import { RelativeTime } from "../ui/RelativeTime";
import { PhoneIcon, PlusIcon } from "../ui/icons";
import { useFeedback } from "../ui/Toasts";
import { CreateSessionDialog } from "./CreateSessionDialog";
import { LinkDialog } from "./link/LinkDialog";
import { useSessionCommands, useSessions } from "./queries";
import { SessionActions } from "./SessionActions";
import { StatusBadge } from "./StatusBadge";
import { SessionSettingsDrawer } from "./SessionSettingsDrawer";
import { restingReason, STATUS_PRESENTATION } from "./status-rules";

/** Announces status changes (from frames or polling) to screen readers. */
function useStatusAnnouncements(sessions: Session[] | undefined) {
  const { announce } = useFeedback();
  const previous = useRef(new Map<string, Session["status"]>());
  useEffect(() => {
    if (!sessions) return;
    const changes: string[] = [];
    for (const s of sessions) {
      const before = previous.current.get(s.id);
      if (before && before !== s.status)
        changes.push(`${s.name} is now ${STATUS_PRESENTATION[s.status].label.toLowerCase()}`);
      previous.current.set(s.id, s.status);
    }
    if (changes.length > 0) announce(changes.join(". "));
  }, [sessions, announce]);
}

function Stats({ sessions }: { sessions: Session[] }) {
  const connected = sessions.filter((s) => s.status === "open").length;
  const attention = sessions.filter((s) => s.status === "failed" || s.status === "logged_out").length;
  const reconnects = sessions.reduce((n, s) => n + s.health.reconnectsLast5m, 0);
  const items = [
    { label: "Sessions", value: sessions.length },
    { label: "Connected", value: connected, tone: "success" },
    { label: "Need attention", value: attention, tone: attention > 0 ? "danger" : undefined },
    { label: "Reconnects · 5 min", value: reconnects, tone: reconnects > 3 ? "warning" : undefined },
  ];
  return (
    <dl className="stats">
      {items.map((i) => (
        <div key={i.label} className={`stat ${i.tone ? `stat--${i.tone}` : ""}`}>
          <dt>{i.label}</dt>
          <dd>{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function SessionsPage() {
  const { toast } = useFeedback();
  const sessions = useSessions();
  const commands = useSessionCommands();
  const [creating, setCreating] = useState(false);
  const [linking, setLinking] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Session | null>(null);
  const [loggingOut, setLoggingOut] = useState<Session | null>(null);
  const [settingsOf, setSettingsOf] = useState<string | null>(null);
  useStatusAnnouncements(sessions.data);

  const run = async (label: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      toast("success", label);
    } catch (err) {
      toast("error", isUnavailable(err) ? "This server does not support that action yet." : describeError(err));
    }
  };

  const handlers = {
    onLink: (s: Session) => setLinking(s.id),
    onReconnect: (s: Session) =>
      void run(`Reconnecting ${s.name}…`, () => commands.connect.mutateAsync({ id: s.id, body: { method: "qr" } })),
    onDisconnect: (s: Session) =>
      void run(`${s.name} disconnected. The phone stays linked.`, () => commands.disconnect.mutateAsync(s.id)),
    onLogout: (s: Session) => setLoggingOut(s),
    onDelete: (s: Session) => setDeleting(s),
    onChat: (s: Session) => navigate({ name: "chat", sessionId: s.id, jid: null }),
    onSettings: (s: Session) => setSettingsOf(s.id),
  };

  const list = sessions.data ?? [];
  const newButton = (
    <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
      <PlusIcon size={16} />
      New session
    </button>
  );

  return (
    <>
      <PageHeader
        title="Sessions"
        description="Each session is one linked WhatsApp number. Statuses update live."
        actions={newButton}
      />

      {sessions.isError ? (
        <ErrorBanner
          action={
            <button
              type="button"
              className="button button--secondary button--sm"
              onClick={() => void sessions.refetch()}
            >
              Retry
            </button>
          }
        >
          Could not load sessions: {describeError(sessions.error)}
        </ErrorBanner>
      ) : null}

      {list.length > 0 ? <Stats sessions={list} /> : null}

      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="sr-only">
          All sessions
        </h2>
        {sessions.isPending ? (
          <div className="table-skeleton" role="progressbar" aria-busy="true" aria-label="Loading sessions">
            {[0, 1, 2].map((i) => (
              <div key={i} className="skeleton-row" />
            ))}
          </div>
        ) : list.length === 0 && !sessions.isError ? (
          <EmptyState icon={<PhoneIcon size={28} />} title="No sessions yet" action={newButton}>
            Create a session, then scan its QR code with WhatsApp to start sending and receiving messages.
          </EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="table table--responsive">
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  <th scope="col">Linked account</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last connected</th>
                  <th scope="col" className="num" title="Reconnects in the last 5 minutes">
                    Reconnects
                    <span className="th-sub">last 5 min</span>
                  </th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((s) => {
                  const words = restingReason(s);
                  return (
                    <tr key={s.id} data-session-id={s.id}>
                      <td data-label="Session">
                        <div className="cell-title">{s.name}</div>
                        <div className="cell-sub mono cell-id" title={s.id}>
                          {s.id}
                        </div>
                      </td>
                      <td data-label="Linked account" className="tabular">
                        {s.phone ? (
                          <span className="linked-account">{formatLinkedAccount(s)}</span>
                        ) : (
                          <span className="muted">Not linked</span>
                        )}
                      </td>
                      <td data-label="Status">
                        <StatusBadge status={s.status} lastDisconnect={s.lastDisconnect} />
                        {words ? <div className="cell-reason">{words}</div> : null}
                      </td>
                      <td data-label="Last connected">
                        <RelativeTime iso={s.health.lastConnectedAt} />
                      </td>
                      <td data-label="Reconnects (5 min)" className="num">
                        <span className={s.health.reconnectsLast5m > 3 ? "pill pill--warning" : "pill"}>
                          {s.health.reconnectsLast5m}
                        </span>
                      </td>
                      <td data-label="Actions" className="actions-cell">
                        <SessionActions session={s} {...handlers} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <CreateSessionDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(s) => {
          setCreating(false);
          toast("success", `Session ${s.name} created.`);
          setLinking(s.id);
        }}
      />
      <LinkDialog sessionId={linking} onClose={() => setLinking(null)} />
      <SessionSettingsDrawer
        session={list.find((s) => s.id === settingsOf) ?? null}
        onClose={() => setSettingsOf(null)}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? "session"}?`}
        confirmLabel="Delete session"
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await commands.remove.mutateAsync(deleting!.id);
          toast("success", `Session ${deleting!.name} deleted.`);
        }}
      >
        This closes the connection and deletes the session with its stored WhatsApp credentials. It cannot be undone. To
        also remove it from the phone's Linked devices list, log out first.
      </ConfirmDialog>
      <ConfirmDialog
        open={loggingOut !== null}
        title={`Log out ${loggingOut?.name ?? "session"}?`}
        confirmLabel="Log out"
        onClose={() => setLoggingOut(null)}
        onConfirm={async () => {
          await commands.logout.mutateAsync(loggingOut!.id);
          toast("success", `${loggingOut!.name} logged out. Link the phone again to reconnect.`);
        }}
      >
        The phone will no longer list this device under Linked devices. To use the session again you must scan a new QR
        code.
      </ConfirmDialog>
    </>
  );
}
