import type { proto, WAMessageKey } from "@whiskeysockets/baileys";
import { messageIdFromWa } from "./wa-message-id";

const RECENT_MESSAGES = 64;

/**
 * What Baileys' getMessage answers when a recipient asks for a message again (retry receipt):
 * the last few messages this session sent from memory, older ones rebuilt from the store.
 */
export class SentMessages {
  private readonly recent = new Map<string, proto.IMessage>();

  constructor(private readonly fromStore?: ((messageId: string) => Promise<proto.IMessage | undefined>) | undefined) {}

  remember(waMessageId: string, message: proto.IMessage): void {
    this.recent.set(waMessageId, message);
    if (this.recent.size > RECENT_MESSAGES) this.recent.delete(this.recent.keys().next().value as string);
  }

  async get(key: WAMessageKey): Promise<proto.IMessage | undefined> {
    const recent = key.id ? this.recent.get(key.id) : undefined;
    if (recent) return recent;
    const messageId = messageIdFromWa(key.id);
    return messageId && this.fromStore ? this.fromStore(messageId) : undefined;
  }
}
