import { useState } from "react";
import { describeError, isUnavailable } from "../api/http";
import { EVENT_LOG_TYPES, type EventLogType } from "../api/types";
import { useSessions } from "../sessions/queries";
import { EmptyState, ErrorBanner, PageHeader } from "../ui/Field";
import { absoluteTime, relativeTime } from "../ui/format";
import { ClockIcon } from "../ui/icons";
import { EVENT_TYPE_LABEL, describeEntry } from "./entries";
import { useEventLog } from "./queries";

/** The tenant's event log: "why did my number disconnect at 3 am?" */
export function EventsPage() {
  const sessions = useSessions().data ?? [];
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [type, setType] = useState<EventLogType | null>(null);
  const log = useEventLog({ sessionId, type });
  const sessionName = (id: string | null) => (id ? (sessions.find((s) => s.id === id)?.name ?? id) : "—");
  const header = (
    <PageHeader
      title="Events"
      description="Status changes with their reasons, failed sends and webhook failures of the last 30 days. New events appear as they happen."
    />
  );

  if (log.isError && isUnavailable(log.error)) {
    return (
      <>
        {header}
        <section className="card">
          <EmptyState icon={<ClockIcon size={28} />} title="The event log isn't available on this server yet">
            Update Wharf to see your sessions' status changes and failures here.
          </EmptyState>
        </section>
      </>
    );
  }

  const entries = log.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      {header}
      <fieldset className="event-filters" aria-label="Filter events">
        <label className="event-filters__field">
          <span className="field__label">Session</span>
          <select className="select" value={sessionId ?? ""} onChange={(e) => setSessionId(e.target.value || null)}>
            <option value="">All sessions</option>
            {sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="event-filters__field">
          <span className="field__label">Type</span>
          <select
            className="select"
            value={type ?? ""}
            onChange={(e) => setType((e.target.value || null) as EventLogType | null)}
          >
            <option value="">All types</option>
            {EVENT_LOG_TYPES.map((t) => (
              <option key={t} value={t}>
                {EVENT_TYPE_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      {log.isError ? <ErrorBanner>Could not load events: {describeError(log.error)}</ErrorBanner> : null}
      {log.isPending ? (
        <section className="card">
          <div className="table-skeleton" role="progressbar" aria-busy="true" aria-label="Loading events">
            <div className="skeleton-row" />
          </div>
        </section>
      ) : entries.length === 0 && !log.isError ? (
        <section className="card">
          <EmptyState
            icon={<ClockIcon size={28} />}
            title={sessionId || type ? "No events match these filters" : "No events yet"}
          >
            Connecting, disconnecting, failed sends and failed webhook deliveries show up here.
          </EmptyState>
        </section>
      ) : (
        <section className="card">
          <ol className="event-log" aria-label="Events">
            {entries.map((e) => {
              const { title, detail, tone } = describeEntry(e);
              return (
                <li key={e.id} className="event-log__item" data-event-type={e.type} data-session-id={e.sessionId ?? ""}>
                  <time className="event-log__time muted" dateTime={e.at} title={absoluteTime(e.at)}>
                    {relativeTime(e.at)}
                  </time>
                  <span className={`event-log__dot event-log__dot--${tone}`} aria-hidden="true" />
                  <div className="event-log__body">
                    <div className="event-log__title">{title}</div>
                    {detail ? <div className="event-log__detail">{detail}</div> : null}
                  </div>
                  <div className="event-log__meta muted">
                    <span>{sessionName(e.sessionId)}</span>
                    <span className="chip">{EVENT_TYPE_LABEL[e.type]}</span>
                  </div>
                </li>
              );
            })}
          </ol>
          {log.hasNextPage ? (
            <div className="event-log__more">
              <button
                type="button"
                className="button button--secondary button--sm"
                onClick={() => void log.fetchNextPage()}
                disabled={log.isFetchingNextPage}
              >
                {log.isFetchingNextPage ? "Loading…" : "Load older events"}
              </button>
            </div>
          ) : null}
        </section>
      )}
    </>
  );
}
