import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fetchAll, type AuditFilter } from "../api/endpoints";
import { ApiError, describeError, isUnavailable } from "../api/http";
import { qk } from "../api/query-keys";
import type { AuditEntry } from "../api/types";
import { useApi } from "../auth/AuthProvider";
import { EmptyState, ErrorBanner, PageHeader } from "../ui/Field";
import { absoluteTime, relativeTime } from "../ui/format";
import { EyeIcon } from "../ui/icons";

/** Actions the API records, offered as suggestions in the action filter. */
export const KNOWN_ACTIONS = [
  "session.create",
  "session.update",
  "session.delete",
  "session.connect",
  "session.disconnect",
  "session.logout",
  "message.send",
  "chat.mark_read",
  "api_key.create",
  "api_key.revoke",
  "webhook.create",
  "webhook.update",
  "webhook.delete",
  "webhook.rotate_secret",
  "webhook.test",
  "webhook.redeliver",
  "realtime_token.create",
  "tenant.create",
  "tenant.update",
];

/** `datetime-local` value (the browser's time zone) → ISO-8601, or null when empty or invalid. */
export function localToIso(value: string): string | null {
  if (!value) return null;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function useAuditLog(filter: AuditFilter) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: qk.audit({ ...filter }),
    queryFn: ({ pageParam }) => api.audit.list({ limit: 50, cursor: pageParam, ...filter }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    retry: (n, err) => !isUnavailable(err) && !(err instanceof ApiError && err.status < 500) && n < 2,
  });
}

/** Who changed what in the tenant: every create, edit and delete, refused ones too. */
export function AuditPage() {
  const api = useApi();
  // key names for the actor column and filter; a key without keys:manage just sees ids
  const keys = useQuery({ queryKey: qk.apiKeys(), queryFn: () => fetchAll((p) => api.apiKeys.list(p)), retry: false });
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const filter: AuditFilter = {
    actor: actor || null,
    action: /^[a-z_]+\.[a-z_]+$/.test(action) ? action : null,
    from: localToIso(from),
    to: localToIso(to),
  };
  const log = useAuditLog(filter);
  const keyName = (id: string) => keys.data?.find((k) => k.id === id)?.name ?? null;
  const header = (
    <PageHeader
      title="Audit log"
      description="Every create, change and delete made with your API keys or by the platform admin, including refused attempts. Kept 90 days."
    />
  );

  if (log.isError && (isUnavailable(log.error) || (log.error instanceof ApiError && log.error.status === 403))) {
    const forbidden = log.error instanceof ApiError && log.error.status === 403;
    return (
      <>
        {header}
        <section className="card">
          <EmptyState
            icon={<EyeIcon size={28} />}
            title={forbidden ? "This key can't read the audit log" : "The audit log isn't available on this server yet"}
          >
            {forbidden ? "Sign in with a key that has the audit:read scope." : "Update Wharf to see who changed what."}
          </EmptyState>
        </section>
      </>
    );
  }

  const entries = log.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = Boolean(actor || filter.action || from || to);
  return (
    <>
      {header}
      <fieldset className="event-filters audit-filters" aria-label="Filter audit entries">
        <label className="event-filters__field">
          <span className="field__label">Actor</span>
          <select className="select" value={actor} onChange={(e) => setActor(e.target.value)}>
            <option value="">Anyone</option>
            <option value="admin">Platform admin</option>
            {(keys.data ?? []).map((k) => (
              <option key={k.id} value={k.id}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
        <label className="event-filters__field">
          <span className="field__label">Action</span>
          <input
            className="input"
            list="audit-actions"
            value={action}
            placeholder="e.g. api_key.revoke"
            onChange={(e) => setAction(e.target.value.trim())}
          />
          <datalist id="audit-actions">
            {KNOWN_ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label className="event-filters__field">
          <span className="field__label">From</span>
          <input className="input" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="event-filters__field">
          <span className="field__label">To</span>
          <input className="input" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </fieldset>
      {log.isError ? <ErrorBanner>Could not load the audit log: {describeError(log.error)}</ErrorBanner> : null}
      <section className="card">
        {log.isPending ? (
          <div className="table-skeleton" role="progressbar" aria-busy="true" aria-label="Loading audit entries">
            <div className="skeleton-row" />
          </div>
        ) : entries.length === 0 && !log.isError ? (
          <EmptyState
            icon={<EyeIcon size={28} />}
            title={filtered ? "No entries match these filters" : "No audit entries yet"}
          >
            Creating, changing or deleting sessions, keys and webhooks shows up here.
          </EmptyState>
        ) : (
          <>
            <table className="table table--responsive" aria-label="Audit entries">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Result</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <AuditRow key={e.id} entry={e} keyName={keyName} />
                ))}
              </tbody>
            </table>
            {log.hasNextPage ? (
              <div className="audit-more">
                <button
                  type="button"
                  className="button button--secondary button--sm"
                  onClick={() => void log.fetchNextPage()}
                  disabled={log.isFetchingNextPage}
                >
                  {log.isFetchingNextPage ? "Loading…" : "Load older entries"}
                </button>
              </div>
            ) : null}
          </>
        )}
      </section>
    </>
  );
}

function AuditRow({ entry: e, keyName }: { entry: AuditEntry; keyName: (id: string) => string | null }) {
  const who = e.actor.type === "admin" ? "Platform admin" : (keyName(e.actor.keyId) ?? "API key");
  const scopes = e.actor.type === "admin" ? null : e.actor.scopes === null ? "full access" : e.actor.scopes.join(", ");
  const ok = e.result.outcome === "ok";
  return (
    <tr data-action={e.action}>
      <td data-label="When" title={absoluteTime(e.at)}>
        <time dateTime={e.at}>{relativeTime(e.at)}</time>
      </td>
      <td data-label="Who">
        <div className="cell-title">{who}</div>
        {e.actor.type === "api_key" ? <div className="cell-sub mono">{e.actor.keyId}</div> : null}
        {scopes ? <div className="cell-sub">{scopes}</div> : null}
      </td>
      <td data-label="Action" className="mono">
        {e.action}
      </td>
      <td data-label="Target" className="mono">
        {e.target ?? "—"}
      </td>
      <td data-label="Result">
        <span className={ok ? undefined : "audit-result--error"}>
          {e.result.status} {ok ? "ok" : (e.result.code ?? "error")}
        </span>
      </td>
      <td data-label="From">
        <div className="mono">{e.sourceAddress ?? "—"}</div>
        <div className="cell-sub mono" title="request id">
          {e.requestId}
        </div>
      </td>
    </tr>
  );
}
