import { useState, type FormEvent } from "react";
import { useDemo } from "../../demo/queries";
import { VirtualPhoneLink } from "../../demo/VirtualPhoneLink";
import { CopyButton } from "../../ui/CopyButton";
import { Field, Spinner } from "../../ui/Field";
import { formatPhone } from "../../ui/format";
import { formatPairingCode, phoneDigits, phoneError, useCountdown } from "./hooks";

interface PairingPanelProps {
  /** the code once the worker has it */
  code: string | null;
  expiresAt: string | null;
  busy: boolean;
  onRequest: (phone: string) => Promise<void>;
}

export function PairingPanel({ code, expiresAt, busy, onRequest }: PairingPanelProps) {
  const { demo } = useDemo();
  const [phone, setPhone] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [requested, setRequested] = useState<string | null>(null);
  const left = useCountdown(expiresAt);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = phoneError(phone);
    setError(problem);
    if (problem) return;
    const digits = phoneDigits(phone);
    setRequested(digits);
    await onRequest(digits);
  }

  const demoPhone = demo?.phones.find((p) => !p.linked) ?? demo?.phones[0];

  if (requested && code) {
    return (
      <div className="pairing">
        <p className="pairing__lead">
          On the phone <strong>{formatPhone(requested)}</strong>, open WhatsApp →{" "}
          <strong>Settings → Linked devices → Link a device</strong>, tap{" "}
          <strong>Link with phone number instead</strong> and type:
        </p>
        <div
          className="pairing__code"
          data-testid="pairing-code"
          role="img"
          aria-label={`Pairing code ${code.split("").join(" ")}`}
        >
          {formatPairingCode(code)}
        </div>
        <div className="pairing__meta">
          <CopyButton value={code.replace(/[^0-9A-Za-z]/g, "")} label="Copy code" />
          {left !== null ? (
            <span className="muted">{left > 0 ? `Valid for ${left} s` : "Expired — request a new code"}</span>
          ) : null}
        </div>
        <VirtualPhoneLink code={code} phone={requested} />
        <button type="button" className="button button--ghost button--sm" onClick={() => setRequested(null)}>
          Use another number
        </button>
      </div>
    );
  }

  return (
    <form className="pairing" onSubmit={submit} noValidate>
      <p className="pairing__lead">No camera at hand? Link with an 8-character code typed on the phone instead.</p>
      <Field
        label="Phone number of the WhatsApp account"
        inputMode="tel"
        autoComplete="tel"
        placeholder="+49 151 23456789"
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        error={error}
        hint="Country code first. Digits, spaces and dashes are fine."
      />
      {demoPhone ? (
        <p className="pairing__demo">
          Demo: the virtual phone is <strong>{formatPhone(demoPhone.phone)}</strong>.{" "}
          <button type="button" className="link-button" onClick={() => setPhone(demoPhone.phone)}>
            Use this number
          </button>
        </p>
      ) : null}
      <div className="dialog__actions">
        {requested && !code ? (
          <span className="muted pairing__waiting">
            <Spinner label="Waiting for the pairing code" /> Waiting for the code…
          </span>
        ) : null}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Requesting…" : "Get pairing code"}
        </button>
      </div>
    </form>
  );
}
