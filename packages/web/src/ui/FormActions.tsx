/**
 * The footer of a form in a dialog: Cancel, then the primary submit button, which is disabled
 * and relabelled while the request is in flight.
 */
export function FormActions({
  onCancel,
  submitLabel,
  pendingLabel,
  pending = false,
}: {
  onCancel: () => void;
  submitLabel: string;
  pendingLabel?: string;
  pending?: boolean;
}) {
  return (
    <div className="dialog__actions">
      <button type="button" className="button button--secondary" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="button button--primary" disabled={pending}>
        {pending && pendingLabel ? pendingLabel : submitLabel}
      </button>
    </div>
  );
}
