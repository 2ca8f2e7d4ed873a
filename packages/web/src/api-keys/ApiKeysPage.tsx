import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApiKey, CreatedApiKey } from "@wharf/contracts";
import { API_KEY_SCOPES, type ApiKeyScope } from "../api/types";
import { useState, type FormEvent } from "react";
import { fetchAll } from "../api/endpoints";
import { describeError } from "../api/http";
import { qk } from "../api/query-keys";
import { useApi, useAuth } from "../auth/AuthProvider";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { CopyButton } from "../ui/CopyButton";
import { Dialog } from "../ui/Dialog";
import { EmptyState, ErrorBanner, Field, PageHeader } from "../ui/Field";
import { absoluteTime } from "../ui/format";
import { RelativeTime } from "../ui/RelativeTime";
import { KeyIcon, PlusIcon, TrashIcon } from "../ui/icons";
import { useFeedback } from "../ui/Toasts";
import { FormActions } from "../ui/FormActions";
import { useSessions } from "../sessions/queries";
import { SessionScope } from "../webhooks/webhook-fields";
import { KeyLimits, ScopeChecklist, limitsToSend } from "./scope-fields";

export function ApiKeysPage() {
  const api = useApi();
  const { apiKey: currentKey, signOut } = useAuth();
  const qc = useQueryClient();
  const { toast } = useFeedback();
  const keys = useQuery({ queryKey: qk.apiKeys(), queryFn: () => fetchAll((p) => api.apiKeys.list(p)) });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const isCurrent = (k: ApiKey) => currentKey?.startsWith(k.prefix) ?? false;
  const sessions = useSessions().data ?? [];
  const sessionName = (id: string) => sessions.find((s) => s.id === id)?.name ?? id;

  const newButton = (
    <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
      <PlusIcon size={16} />
      New API key
    </button>
  );

  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys authenticate your servers against the Wharf API. A key's secret is shown once, when it is created."
        actions={newButton}
      />
      {keys.isError ? <ErrorBanner>Could not load API keys: {describeError(keys.error)}</ErrorBanner> : null}
      <section className="card">
        {keys.isPending ? (
          <div className="table-skeleton" role="progressbar" aria-busy="true" aria-label="Loading API keys">
            <div className="skeleton-row" />
            <div className="skeleton-row" />
          </div>
        ) : (keys.data ?? []).length === 0 ? (
          <EmptyState icon={<KeyIcon size={28} />} title="No API keys" action={newButton} />
        ) : (
          <table className="table table--responsive">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Access</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(keys.data ?? []).map((k) => (
                <tr key={k.id}>
                  <td data-label="Name">
                    <div className="cell-title">
                      {k.name} {isCurrent(k) ? <span className="pill pill--brand">This browser</span> : null}
                    </div>
                    <div className="cell-sub mono">{k.id}</div>
                  </td>
                  <td data-label="Key" className="mono">
                    {k.prefix}
                    <span className="muted">••••••••</span>
                  </td>
                  <td data-label="Access">
                    <KeyLimits apiKey={k} sessionName={sessionName} />
                  </td>
                  <td data-label="Created" title={absoluteTime(k.createdAt)}>
                    <RelativeTime iso={k.createdAt} />
                  </td>
                  <td data-label="Last used" title={absoluteTime(k.lastUsedAt)}>
                    <RelativeTime iso={k.lastUsedAt} />
                  </td>
                  <td data-label="Actions" className="actions-cell">
                    <button
                      type="button"
                      className="button button--ghost button--sm button--danger-text"
                      onClick={() => setRevoking(k)}
                      aria-label={`Revoke ${k.name}`}
                    >
                      <TrashIcon size={15} />
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <CreateKeyDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(k) => qc.setQueryData<ApiKey[]>(qk.apiKeys(), (list) => [k, ...(list ?? [])])}
      />
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke ${revoking?.name ?? "key"}?`}
        confirmLabel="Revoke key"
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          const k = revoking!;
          await api.apiKeys.revoke(k.id);
          if (isCurrent(k)) {
            signOut("You revoked the key this browser was signed in with.");
            return;
          }
          qc.setQueryData<ApiKey[]>(qk.apiKeys(), (list) => list?.filter((x) => x.id !== k.id));
          toast("success", `Key ${k.name} revoked.`);
        }}
      >
        Requests with this key will be refused at once.
        {revoking && isCurrent(revoking) ? (
          <strong> This is the key you are signed in with: you will be signed out.</strong>
        ) : null}
      </ConfirmDialog>
    </>
  );
}

function CreateKeyDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (k: CreatedApiKey) => void;
}) {
  const api = useApi();
  const sessions = useSessions().data ?? [];
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScope[]>([...API_KEY_SCOPES]);
  const [allSessions, setAllSessions] = useState(true);
  const [sessionIds, setSessionIds] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [limitsError, setLimitsError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const create = useMutation({
    mutationFn: (n: string) => api.apiKeys.create(n, limitsToSend(scopes, allSessions ? null : sessionIds)),
  });

  const close = () => {
    setName("");
    setScopes([...API_KEY_SCOPES]);
    setAllSessions(true);
    setSessionIds([]);
    setError(null);
    setLimitsError(null);
    setCreated(null);
    create.reset();
    onClose();
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError("Name the key after where it will be used, e.g. “billing-service”.");
    setError(null);
    if (!allSessions && sessionIds.length === 0)
      return setLimitsError("Pick at least one session, or allow all sessions.");
    const { scopes: sent } = limitsToSend(scopes, allSessions ? null : sessionIds);
    if (sent?.length === 0) return setLimitsError("Pick at least one scope.");
    setLimitsError(null);
    try {
      const k = await create.mutateAsync(name.trim());
      setCreated(k);
      onCreated(k);
    } catch (err) {
      setError(describeError(err));
    }
  }

  return (
    <Dialog open={open} onClose={close} title={created ? "Copy your new key" : "New API key"} size="md">
      {created ? (
        <div className="secret">
          <div className="banner banner--warning" role="status">
            This is the only time the key is shown. Store it in your secret manager now.
          </div>
          <label className="field__label" htmlFor="new-key-secret">
            {created.name}
          </label>
          <div className="input-group">
            <input
              id="new-key-secret"
              className="input input--mono"
              readOnly
              value={created.secret}
              onFocus={(e) => e.currentTarget.select()}
              autoFocus
            />
          </div>
          <div className="dialog__actions">
            <CopyButton value={created.secret} label="Copy key" className="button button--secondary" />
            <button type="button" className="button button--primary" onClick={close}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} noValidate>
          <Field
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="billing-service"
            error={error}
            data-autofocus
          />
          <ScopeChecklist scopes={scopes} onChange={setScopes} sessionLimited={!allSessions} />
          <SessionScope
            name="key-sessions"
            sessions={sessions}
            allSessions={allSessions}
            onAllSessions={setAllSessions}
            sessionIds={sessionIds}
            onSessionIds={setSessionIds}
          />
          {limitsError ? (
            <p className="field__error" role="alert">
              {limitsError}
            </p>
          ) : null}
          <FormActions onCancel={close} submitLabel="Create key" pendingLabel="Creating…" pending={create.isPending} />
        </form>
      )}
    </Dialog>
  );
}
