import { useEffect, useState } from "react";
import { CloseIcon } from "../ui/icons";
import { formatBytes } from "./content/media-format";
import { mediaKindFor } from "./upload";

const KIND_WORDS = {
  image: "Photo",
  video: "Video",
  audio: "Audio",
  document: "Document",
  sticker: "Sticker",
} as const;

/** The file about to be sent: a thumbnail for pictures, name, size, what it goes as, and the upload's progress. */
export function AttachmentPanel({
  file,
  progress,
  error,
  onRemove,
}: {
  file: File;
  /** 0…1 while uploading, null before */
  progress: number | null;
  error: string | null;
  onRemove: () => void;
}) {
  const kind = mediaKindFor(file);
  const preview = useObjectUrl(kind === "image" || kind === "sticker" ? file : null);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a file card, not a group of form controls (no <fieldset>)
    <div className="attachment" role="group" aria-label={`Attachment: ${file.name}`}>
      {preview ? (
        <img className="attachment__thumb" src={preview} alt="" />
      ) : (
        <span className="attachment__thumb attachment__thumb--file" aria-hidden="true">
          {KIND_WORDS[kind]}
        </span>
      )}
      <span className="attachment__text">
        <span className="attachment__name">{file.name}</span>
        <span className="attachment__facts muted">
          {KIND_WORDS[kind]} · {formatBytes(file.size)}
        </span>
        {progress !== null ? (
          <progress
            className="attachment__progress"
            max={100}
            value={Math.round(progress * 100)}
            aria-label={`Uploading ${file.name}`}
          />
        ) : null}
        {error ? (
          <span className="field__error" role="alert">
            {error}
          </span>
        ) : null}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label="Remove attachment"
        onClick={onRemove}
        disabled={progress !== null && !error}
      >
        <CloseIcon size={16} />
      </button>
    </div>
  );
}

function useObjectUrl(file: File | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file || typeof URL.createObjectURL !== "function") return setUrl(null);
    const u = URL.createObjectURL(file);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file]);
  return url;
}
