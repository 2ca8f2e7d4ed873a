import { useState } from "react";
import type { MessageContent } from "../../api/types";
import { formatBytes, formatDuration, mediaProblem } from "./media-format";
import { Lightbox } from "./Lightbox";

type Of<K extends MessageContent["kind"]> = Extract<MessageContent, { kind: K }>;

/** A file that has no link (not stored yet, or failed): a labelled placeholder instead of a broken element. */
function MissingFile({ what, problem }: { what: string; problem: string }) {
  return (
    <div className="media-missing" role="note" aria-label={`${what} ${problem}`}>
      {what} <span className="muted">({problem})</span>
    </div>
  );
}

/** Photo or sticker thumbnail; a click opens it large. */
export function ImagePreview({ content }: { content: Of<"image"> | Of<"sticker"> }) {
  const [open, setOpen] = useState(false);
  const what = content.kind === "sticker" ? "Sticker" : "Photo";
  const problem = mediaProblem(content);
  if (problem || !content.downloadUrl) return <MissingFile what={what} problem={problem ?? "not downloaded yet"} />;
  const caption = content.kind === "image" ? content.caption : null;
  return (
    <>
      <button
        type="button"
        className={`media-thumb media-thumb--${content.kind}`}
        aria-label={`Open ${what.toLowerCase()}${caption ? `: ${caption}` : ""}`}
        onClick={() => setOpen(true)}
      >
        <img
          src={content.downloadUrl}
          alt={caption ?? what}
          width={content.width ?? undefined}
          height={content.height ?? undefined}
          loading="lazy"
        />
      </button>
      <Lightbox
        open={open}
        onClose={() => setOpen(false)}
        title={what}
        src={content.downloadUrl}
        alt={caption ?? what}
        fileName={content.fileName ?? null}
      />
    </>
  );
}

export function VideoView({ content }: { content: Of<"video"> }) {
  const what = content.gif ? "GIF" : "Video";
  const problem = mediaProblem(content);
  if (problem || !content.downloadUrl) return <MissingFile what={what} problem={problem ?? "not downloaded yet"} />;
  const length = formatDuration(content.durationSeconds);
  return (
    <video
      className="media-video"
      src={content.downloadUrl}
      controls
      preload="metadata"
      aria-label={length ? `${what}, ${length}` : what}
      {...(content.gif ? { autoPlay: true, loop: true, muted: true } : {})}
    />
  );
}

export function AudioView({ content }: { content: Of<"audio"> }) {
  const what = content.voiceNote ? "Voice message" : "Audio";
  const problem = mediaProblem(content);
  if (problem || !content.downloadUrl) return <MissingFile what={what} problem={problem ?? "not downloaded yet"} />;
  const length = formatDuration(content.durationSeconds);
  const label = length ? `${what}, ${length}` : what;
  return (
    <div className="media-audio">
      {/* biome-ignore lint/a11y/useMediaCaption: voice notes have no caption track */}
      <audio src={content.downloadUrl} controls preload="metadata" aria-label={label} />
      {length ? (
        <span className="media-audio__length tabular" aria-hidden="true">
          {length}
        </span>
      ) : null}
    </div>
  );
}

/** A file chip: icon, name, size and type, and a download link when the file is stored. */
export function DocumentChip({ content }: { content: Of<"document"> }) {
  const name = content.fileName ?? "Document";
  const problem = mediaProblem(content);
  const facts = [formatBytes(content.size), content.mimetype?.split(";")[0]].filter(Boolean).join(" · ");
  return (
    // biome-ignore lint/a11y/useSemanticElements: a card in a bubble, not a form control group (no <fieldset>)
    <div className="doc-chip" role="group" aria-label={`Document: ${name}`}>
      <span className="doc-chip__icon" aria-hidden="true">
        {extension(name)}
      </span>
      <span className="doc-chip__text">
        <span className="doc-chip__name">{name}</span>
        <span className="doc-chip__facts muted">{problem ? `${facts}${facts ? " · " : ""}${problem}` : facts}</span>
      </span>
      {content.downloadUrl ? (
        <a
          className="button button--secondary button--sm"
          href={content.downloadUrl}
          download={name}
          aria-label={`Download ${name}`}
        >
          Download
        </a>
      ) : null}
    </div>
  );
}

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 && name.length - dot <= 5 ? name.slice(dot + 1).toUpperCase() : "FILE";
}
