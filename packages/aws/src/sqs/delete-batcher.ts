import { DeleteMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";

const MAX_ENTRIES = 10; // SQS's DeleteMessageBatch limit

interface Pending {
  receiptHandle: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Deletes received messages in DeleteMessageBatch calls: deletes asked for within `windowMs`
 * (or ten of them) go together, and each caller learns its own entry's outcome. The window is
 * short because a FIFO group's next message waits for this delete.
 */
export class DeleteBatcher {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly windowMs = 2,
  ) {}

  delete(receiptHandle: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ receiptHandle, resolve, reject });
      if (this.pending.length >= MAX_ENTRIES) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending.splice(0, MAX_ENTRIES);
    if (this.pending.length > 0) this.timer = setTimeout(() => this.flush(), this.windowMs);
    if (batch.length === 0) return;
    void this.send(batch);
  }

  private async send(batch: Pending[]): Promise<void> {
    try {
      const res = await this.client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((p, i) => ({ Id: String(i), ReceiptHandle: p.receiptHandle })),
        }),
      );
      const failed = new Map((res.Failed ?? []).map((f) => [f.Id, f]));
      batch.forEach((p, i) => {
        const f = failed.get(String(i));
        if (f) p.reject(new Error(`message not deleted: ${f.Code ?? "error"} ${f.Message ?? ""}`.trim()));
        else p.resolve();
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}
