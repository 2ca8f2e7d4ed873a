import { CloseIcon } from "../ui/icons";

/** Above the composer: the message being replied to or edited, with a way out. */
export function ComposerBanner({
  title,
  preview,
  cancelLabel,
  onCancel,
}: {
  title: string;
  preview: string;
  cancelLabel: string;
  onCancel: () => void;
}) {
  return (
    <div className="composer-banner" role="status">
      <span className="composer-banner__text">
        <span className="composer-banner__title">{title}</span>
        <span className="composer-banner__preview">{preview}</span>
      </span>
      <button type="button" className="icon-button" aria-label={cancelLabel} onClick={onCancel}>
        <CloseIcon size={16} />
      </button>
    </div>
  );
}
