import type { MessageContent } from "../../api/types";

/** Plain words for a message without text of its own (media without caption, location, …). */
export function contentSummary(content: MessageContent): string {
  switch (content.kind) {
    case "text":
      return content.text;
    case "image":
      return content.caption ?? "Photo";
    case "video":
      return content.caption ?? "Video";
    case "audio":
      return "Voice message";
    case "document":
      return content.caption ?? `Document${content.fileName ? `: ${content.fileName}` : ""}`;
    case "sticker":
      return "Sticker";
    case "location":
      return `Location${content.name ? `: ${content.name}` : ""}`;
    case "contact":
      return `Contact card${content.contacts[0]?.displayName ? `: ${content.contacts[0].displayName}` : ""}`;
    case "reaction":
      return `Reacted ${content.emoji}`;
    case "unsupported":
      return `Unsupported message (${content.waType})`;
    case "deleted":
      return "This message was deleted";
  }
}
