/**
 * Queue ports (SQS adapters in packages/aws). Messages are JSON-serialisable and validated
 * by the consumer with the contracts' zod schemas, never trusted as typed.
 */
export interface SendOptions {
  /** FIFO: per-session ordering key (MessageGroupId) */
  groupId?: string;
  /** FIFO: deduplication id (the command / event id) */
  deduplicationId?: string;
  delaySeconds?: number;
}

export interface QueueSender<T> {
  send(body: T, opts?: SendOptions): Promise<void>;
  sendBatch(bodies: Array<{ body: T; opts?: SendOptions }>): Promise<void>;
}

export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  receiveCount: number;
  groupId?: string;
}

export interface QueueReceiver {
  /** a poll cut short by `signal` returns no messages rather than throwing */
  receive(opts: {
    max: number;
    waitSeconds: number;
    visibilityTimeoutSeconds?: number;
    signal?: AbortSignal;
  }): Promise<ReceivedMessage[]>;
  delete(receiptHandle: string): Promise<void>;
  changeVisibility(receiptHandle: string, seconds: number): Promise<void>;
}
