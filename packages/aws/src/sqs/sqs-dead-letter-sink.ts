import { SendMessageCommand, type MessageAttributeValue, type SQSClient } from "@aws-sdk/client-sqs";
import type { DeadLetter, DeadLetterSink } from "@wharf/core";

/** SQS caps a message attribute value; a long error message is cut, never the body. */
const MAX_ATTRIBUTE_CHARS = 1024;

/** Names of the attributes a dead letter carries (read them when inspecting or redriving). */
export const DEAD_LETTER_ATTRIBUTES = {
  errorCode: "wharf-error-code",
  errorMessage: "wharf-error-message",
  sourceQueue: "wharf-source-queue",
  sourceMessageId: "wharf-source-message-id",
  receiveCount: "wharf-receive-count",
} as const;

/**
 * A queue's dead-letter queue as the core DeadLetterSink: the original body unchanged, the
 * reason and origin as message attributes. On a FIFO DLQ the original group is kept and the
 * original message id deduplicates, so a consumer that crashes after sending and retries the
 * record does not dead-letter it twice.
 */
export class SqsDeadLetterSink implements DeadLetterSink {
  readonly queueUrl: string;
  private readonly client: SQSClient;
  private readonly fifo: boolean;

  constructor(opts: { client: SQSClient; queueUrl: string }) {
    this.client = opts.client;
    this.queueUrl = opts.queueUrl;
    this.fifo = opts.queueUrl.endsWith(".fifo");
  }

  async send(letter: DeadLetter): Promise<void> {
    const text = (value: string): MessageAttributeValue => ({ DataType: "String", StringValue: safeAttribute(value) });
    const A = DEAD_LETTER_ATTRIBUTES;
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: letter.body,
        MessageAttributes: {
          [A.errorCode]: text(letter.error.code),
          [A.errorMessage]: text(letter.error.message),
          [A.sourceQueue]: text(letter.sourceQueue),
          [A.sourceMessageId]: text(letter.sourceMessageId),
          [A.receiveCount]: { DataType: "Number", StringValue: String(letter.receiveCount) },
        },
        ...(this.fifo
          ? { MessageGroupId: letter.groupId || "dead-letters", MessageDeduplicationId: letter.sourceMessageId }
          : {}),
      }),
    );
  }
}

/** SQS refuses characters outside its allowed set and empty strings in attributes. */
function safeAttribute(value: string): string {
  const cleaned = value
    .slice(0, MAX_ATTRIBUTE_CHARS)
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "?");
  return cleaned.length > 0 ? cleaned : "-";
}
