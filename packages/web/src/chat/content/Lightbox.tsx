import { Dialog } from "../../ui/Dialog";

/** A photo or sticker at full size in a modal, with a download link. */
export function Lightbox({
  open,
  onClose,
  title,
  src,
  alt,
  fileName,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  src: string;
  alt: string;
  fileName: string | null;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={title} size="lg">
      <figure className="lightbox">
        <img src={src} alt={alt} className="lightbox__image" />
        <figcaption className="lightbox__actions">
          {alt !== title ? <span>{alt}</span> : <span />}
          <a className="button button--secondary button--sm" href={src} download={fileName ?? true}>
            Download
          </a>
        </figcaption>
      </figure>
    </Dialog>
  );
}
