import { API_KEY_SCOPES, SCOPE_DESCRIPTIONS, SESSION_SCOPES, type ApiKey, type ApiKeyScope } from "../api/types";
import { toggle } from "../webhooks/webhook-fields";

const isSessionScope = (s: ApiKeyScope) => (SESSION_SCOPES as readonly ApiKeyScope[]).includes(s);

/** The scope checkboxes of the create dialog; tenant-wide scopes are off while the key is session-limited. */
export function ScopeChecklist({
  scopes,
  onChange,
  sessionLimited,
}: {
  scopes: ApiKeyScope[];
  onChange: (scopes: ApiKeyScope[]) => void;
  sessionLimited: boolean;
}) {
  return (
    <fieldset className="fieldset">
      <legend className="field__label">Scopes</legend>
      {API_KEY_SCOPES.map((s) => {
        const blocked = sessionLimited && !isSessionScope(s);
        return (
          <label key={s} className="check">
            <input
              type="checkbox"
              checked={scopes.includes(s) && !blocked}
              disabled={blocked}
              onChange={() => onChange(toggle(scopes, s))}
            />
            <span>
              <span className="mono">{s}</span>
              <span className="check__help">
                {SCOPE_DESCRIPTIONS[s]}
                {blocked ? " (needs a key for all sessions)" : ""}
              </span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}

/** What to send: omitted scopes mean "all of mine"; a session limit drops the tenant-wide scopes. */
export function limitsToSend(
  scopes: ApiKeyScope[],
  sessionIds: string[] | null,
): { scopes?: ApiKeyScope[]; sessionIds?: string[] } {
  const effective = sessionIds ? scopes.filter(isSessionScope) : scopes;
  const all = API_KEY_SCOPES.every((s) => effective.includes(s));
  return { ...(all ? {} : { scopes: effective }), ...(sessionIds ? { sessionIds } : {}) };
}

/** The key list's summary of a key's limits (older servers send neither field: full access). */
export function KeyLimits({ apiKey, sessionName }: { apiKey: ApiKey; sessionName: (id: string) => string }) {
  const scopes = apiKey.scopes ?? null;
  const sessionIds = apiKey.sessionIds ?? null;
  return (
    <div className="key-limits">
      {scopes === null ? (
        <span className="pill">Full access</span>
      ) : (
        <ul className="key-limits__scopes" aria-label="Scopes">
          {scopes.map((s) => (
            <li key={s} className="chip mono">
              {s}
            </li>
          ))}
        </ul>
      )}
      {sessionIds ? <div className="cell-sub">Only {sessionIds.map(sessionName).join(", ")}</div> : null}
    </div>
  );
}
