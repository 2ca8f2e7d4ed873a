import { useState, type FormEvent } from "react";
import { isApiError } from "../api/http";
import { EyeIcon, LogoMark } from "../ui/icons";
import { useAuth } from "./AuthProvider";

const KEY_PREFIX = "wharf_sk_";

/** People paste "Bearer wharf_sk_…" or a key with a trailing newline; take the key itself. */
export function normalizeKeyInput(raw: string): string {
  return raw
    .trim()
    .replace(/^bearer\s+/i, "")
    .trim();
}

/** Plain words for why a key was not accepted. */
export function signInErrorMessage(err: unknown, key: string): string {
  if (isApiError(err)) {
    if (err.status === 401) {
      return key.startsWith(KEY_PREFIX)
        ? "That API key was not accepted. It may have been revoked, or part of it is missing — copy the whole key and try again."
        : `That is not a Wharf API key. Tenant keys start with “${KEY_PREFIX}”.`;
    }
    if (err.status === 403)
      return "This is the platform admin key. Sign in with one of your tenant's API keys instead.";
    if (err.code === "network_error")
      return "Can't reach the Wharf API. Check that the server is running and try again.";
    return `The server could not check the key: ${err.message}`;
  }
  return "Something went wrong while checking the key. Try again.";
}

export function SignInPage() {
  const { api, signIn, signOutReason } = useAuth();
  const [value, setValue] = useState("");
  const [reveal, setReveal] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const key = normalizeKeyInput(value);
    if (!key) {
      setError("Paste your tenant API key.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.verifyKey(key);
      signIn(key);
    } catch (err) {
      setError(signInErrorMessage(err, key));
      setBusy(false);
    }
  }

  return (
    <main className="signin">
      <div className="signin__card">
        <div className="signin__brand">
          <LogoMark size={40} />
          <span className="signin__wordmark">Wharf</span>
        </div>
        <h1 className="signin__title">Sign in to your dashboard</h1>
        <p className="signin__lead">
          Use a tenant API key. It stays in this browser tab only and is cleared when you sign out.
        </p>
        {signOutReason && !error ? (
          <div className="banner banner--warning" role="status">
            {signOutReason}
          </div>
        ) : null}
        <form onSubmit={submit} noValidate className="signin__form">
          <div className="field">
            <label className="field__label" htmlFor="api-key">
              API key
            </label>
            <div className="input-group">
              <input
                id="api-key"
                name="api-key"
                className="input input--mono"
                type={reveal ? "text" : "password"}
                autoComplete="off"
                spellCheck={false}
                placeholder={`${KEY_PREFIX}…`}
                value={value}
                onChange={(e) => setValue(e.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? "api-key-error" : "api-key-hint"}
                // biome-ignore lint/a11y/noAutofocus: the key field is the page's only task, so it takes focus on load
                autoFocus
              />
              <button
                type="button"
                className="icon-button input-group__button"
                aria-label={reveal ? "Hide key" : "Show key"}
                aria-pressed={reveal}
                onClick={() => setReveal((r) => !r)}
              >
                <EyeIcon />
              </button>
            </div>
            {error ? (
              <p id="api-key-error" className="field__error" role="alert">
                {error}
              </p>
            ) : (
              <p id="api-key-hint" className="field__hint">
                Running locally with <code>npm start -- --sim</code>? The terminal printed a ready-made demo key.
              </p>
            )}
          </div>
          <button type="submit" className="button button--primary button--block" disabled={busy}>
            {busy ? "Checking key…" : "Sign in"}
          </button>
        </form>
      </div>
      <p className="signin__footer">Wharf · WhatsApp sessions, messaging and webhooks</p>
    </main>
  );
}
