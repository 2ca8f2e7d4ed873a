import { useId } from "react";
import { MAX_WEBHOOK_HEADERS, isReservedWebhookHeader } from "../api/types";
import { PlusIcon, TrashIcon } from "../ui/icons";

export interface HeaderRow {
  name: string;
  value: string;
}

const NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

/** What is wrong with the rows, in words; null when they can be sent. Empty rows are ignored. */
export function headersError(rows: HeaderRow[]): string | null {
  const filled = rows.filter((r) => r.name.trim() || r.value.trim());
  if (filled.length > MAX_WEBHOOK_HEADERS) return `At most ${MAX_WEBHOOK_HEADERS} headers.`;
  const seen = new Set<string>();
  for (const { name, value } of filled) {
    const n = name.trim();
    if (!NAME.test(n)) return `"${n || "(empty)"}" is not a valid header name (letters, digits and - only).`;
    if (isReservedWebhookHeader(n)) return `${n} is set by Wharf and cannot be overridden.`;
    if (seen.has(n.toLowerCase())) return `${n} appears twice.`;
    seen.add(n.toLowerCase());
    if (!value.trim()) return `Give ${n} a value.`;
    if (/[\r\n]/.test(value)) return `The value of ${n} must be one line.`;
  }
  return null;
}

export function rowsToHeaders(rows: HeaderRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((r) => r.name.trim()).map((r) => [r.name.trim(), r.value.trim()]));
}

/** Name/value rows for the custom headers sent with every delivery (e.g. Authorization). */
export function HeadersEditor({ rows, onChange }: { rows: HeaderRow[]; onChange: (rows: HeaderRow[]) => void }) {
  const id = useId();
  const set = (i: number, patch: Partial<HeaderRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="fieldset headers-editor">
      <legend className="field__label">Custom headers</legend>
      <p className="check__help" id={`${id}-help`}>
        Sent with every delivery, e.g. <span className="mono">Authorization</span> for your receiver. Values are stored
        for sending and never logged.
      </p>
      {rows.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional ("Header 2 name") with controlled inputs, so the index is the row's identity
        <div className="headers-editor__row" key={i}>
          <input
            className="input input--mono"
            aria-label={`Header ${i + 1} name`}
            placeholder="X-Api-Key"
            value={r.name}
            onChange={(e) => set(i, { name: e.target.value })}
          />
          <input
            className="input input--mono"
            aria-label={`Header ${i + 1} value`}
            placeholder="value"
            value={r.value}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="icon-button icon-button--danger"
            aria-label={`Remove header ${r.name || i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            <TrashIcon size={16} />
          </button>
        </div>
      ))}
      {rows.length < MAX_WEBHOOK_HEADERS ? (
        <button
          type="button"
          className="button button--ghost button--sm"
          onClick={() => onChange([...rows, { name: "", value: "" }])}
        >
          <PlusIcon size={15} /> Add header
        </button>
      ) : null}
    </fieldset>
  );
}
