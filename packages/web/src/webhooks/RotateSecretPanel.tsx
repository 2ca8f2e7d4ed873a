import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { describeError } from "../api/http";
import { DEFAULT_SECRET_GRACE_SECONDS, type RotatedWebhookSecret, type Webhook } from "../api/types";
import { useApi } from "../auth/AuthProvider";
import { CopyButton } from "../ui/CopyButton";
import { absoluteTime } from "../ui/format";

const GRACE_OPTIONS: Array<{ seconds: number; label: string }> = [
  { seconds: 0, label: "Revoke it now" },
  { seconds: 3600, label: "1 hour" },
  { seconds: DEFAULT_SECRET_GRACE_SECONDS, label: "24 hours" },
  { seconds: 7 * 86_400, label: "7 days" },
];

/**
 * Rotates the signing secret. The new secret is shown here once; during the grace period every
 * delivery carries both signatures, so the receiver can switch without missing one.
 */
export function RotateSecretPanel({ webhook, onRotated }: { webhook: Webhook; onRotated: (w: Webhook) => void }) {
  const api = useApi();
  const id = useId();
  const [grace, setGrace] = useState(DEFAULT_SECRET_GRACE_SECONDS);
  const [rotated, setRotated] = useState<RotatedWebhookSecret | null>(null);
  const rotate = useMutation({
    mutationFn: () => api.webhooks.rotateSecret(webhook.id, grace),
    onSuccess: (r) => {
      setRotated(r);
      const { secret: _secret, ...hook } = r;
      onRotated(hook);
    },
  });

  return (
    <section className="fieldset rotate-secret" aria-labelledby={`${id}-title`}>
      <h3 className="field__label" id={`${id}-title`}>
        Signing secret
      </h3>
      <p className="check__help">
        Current secret <span className="mono">{(rotated ?? webhook).secretPrefix}…</span>
        {(rotated ?? webhook).previousSecret ? (
          <>
            ; the previous one (<span className="mono">{(rotated ?? webhook).previousSecret!.secretPrefix}…</span>)
            still signs until {absoluteTime((rotated ?? webhook).previousSecret!.expiresAt)}
          </>
        ) : null}
        .
      </p>
      {rotated ? (
        <div className="secret">
          <div className="banner banner--warning" role="status">
            Copy the new signing secret now; it is not shown again.
            {rotated.previousSecret
              ? " Until the old one expires, each delivery carries both signatures."
              : " The old secret no longer signs."}
          </div>
          <label className="field__label" htmlFor={`${id}-secret`}>
            New signing secret
          </label>
          <input
            id={`${id}-secret`}
            className="input input--mono"
            readOnly
            value={rotated.secret}
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={rotated.secret} label="Copy secret" />
        </div>
      ) : (
        <div className="rotate-secret__controls">
          <label className="field__label" htmlFor={`${id}-grace`}>
            Keep the old secret valid for
          </label>
          <select
            id={`${id}-grace`}
            className="select"
            value={grace}
            onChange={(e) => setGrace(Number(e.target.value))}
          >
            {GRACE_OPTIONS.map((o) => (
              <option key={o.seconds} value={o.seconds}>
                {o.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => rotate.mutate()}
            disabled={rotate.isPending}
          >
            {rotate.isPending ? "Rotating…" : "Rotate secret"}
          </button>
        </div>
      )}
      {rotate.isError ? (
        <p className="field__error" role="alert">
          {describeError(rotate.error)}
        </p>
      ) : null}
    </section>
  );
}
