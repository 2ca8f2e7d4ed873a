import type { MessageContent } from "../../api/types";
import { ContactCards } from "./ContactCards";
import { LocationCard } from "./LocationCard";
import { AudioView, DocumentChip, ImagePreview, VideoView } from "./MediaViews";

function Caption({ text }: { text: string | null | undefined }) {
  return text ? <div className="bubble__text">{text}</div> : null;
}

/** What a bubble shows for each kind of content. Unknown and unmodelled kinds get a labelled chip. */
export function MessageBody({ content }: { content: MessageContent }) {
  switch (content.kind) {
    case "text":
      return <div className="bubble__text">{content.text}</div>;
    case "image":
      return (
        <>
          <ImagePreview content={content} />
          <Caption text={content.caption} />
        </>
      );
    case "sticker":
      return <ImagePreview content={content} />;
    case "video":
      return (
        <>
          <VideoView content={content} />
          <Caption text={content.caption} />
        </>
      );
    case "audio":
      return <AudioView content={content} />;
    case "document":
      return (
        <>
          <DocumentChip content={content} />
          <Caption text={content.caption} />
        </>
      );
    case "location":
      return <LocationCard content={content} />;
    case "contact":
      return <ContactCards content={content} />;
    case "reaction":
      // Stores attach reactions to their target; a stray one still says what it was.
      return <div className="bubble__text muted">Reacted {content.emoji || "(removed)"}</div>;
    case "deleted":
      return (
        <div className="bubble__text bubble__deleted" role="note">
          This message was deleted
        </div>
      );
    case "unsupported":
      // the worker could not decrypt it, even after WhatsApp's resends (WhatsApp's own wording)
      if (content.waType === "ciphertext")
        return (
          <div className="unsupported-chip" role="note" aria-label="Message could not be decrypted">
            Waiting for this message (it could not be decrypted)
          </div>
        );
      return (
        <div className="unsupported-chip" role="note" aria-label={`Unsupported message: ${content.waType}`}>
          Unsupported message <code>{content.waType}</code>
        </div>
      );
  }
}

/** The quote a content carries, when it replies to another message. */
export function quotedOf(content: MessageContent) {
  return "quoted" in content ? content.quoted : undefined;
}
