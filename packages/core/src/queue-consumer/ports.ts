/** A poison message on its way to its queue's dead-letter queue, with why it got there. */
export interface DeadLetter {
  /** the original body, byte for byte, so it can be inspected and redriven */
  body: string;
  /** the queue it came from (ARN or URL) */
  sourceQueue: string;
  sourceMessageId: string;
  /** FIFO: the original MessageGroupId (a FIFO DLQ needs one) */
  groupId?: string;
  receiveCount: number;
  error: { code: string; message: string };
}

/** Moves a poison message to a dead-letter queue (SQS adapter in packages/aws). */
export interface DeadLetterSink {
  send(letter: DeadLetter): Promise<void>;
}
