import type { DeadLetter, DeadLetterSink } from "../queue-consumer/ports";

/** DeadLetterSink fake: keeps the letters; `failWith` makes every send throw (a DLQ outage). */
export class InMemoryDeadLetterSink implements DeadLetterSink {
  readonly letters: DeadLetter[] = [];
  failWith: Error | null = null;

  async send(letter: DeadLetter): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.letters.push(letter);
  }
}
