import { FleetEvent, type FleetEventType } from "@wharf/contracts";
import { newId, type QueueSender } from "@wharf/core";
import type { Logger } from "pino";

export type EventData<T extends FleetEventType> = Extract<FleetEvent, { type: T }>["data"];

export interface EventMeta {
  tenantId: string;
  sessionId: string;
  /** the lease epoch of the producing owner: consumers drop status from older epochs */
  epoch: number;
  /** the API request whose command caused the event (absent for everything else) */
  requestId?: string | undefined;
}

export function buildEvent<T extends FleetEventType>(
  type: T,
  meta: EventMeta,
  data: EventData<T>,
  now: Date,
): Extract<FleetEvent, { type: T }> {
  const { requestId, ...envelope } = meta;
  return {
    id: newId("event", now.getTime()),
    type,
    v: 1,
    ...envelope,
    ...(requestId ? { requestId } : {}),
    at: now.toISOString(),
    data,
  } as Extract<FleetEvent, { type: T }>;
}

export interface EventSink {
  publish(event: FleetEvent): Promise<void>;
}

const ATTEMPTS = 4;

/**
 * Events.fifo: MessageGroupId = sessionId keeps each session's events in order; the event id
 * is the deduplication id, so a retried send is delivered once. Every event is validated
 * against its schema before it leaves, so a producer bug fails here and not in a consumer.
 */
export class SqsEventSink implements EventSink {
  constructor(
    private readonly queue: QueueSender<FleetEvent>,
    private readonly logger: Logger,
  ) {}

  async publish(event: FleetEvent): Promise<void> {
    const parsed = FleetEvent.parse(event);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.queue.send(parsed, { groupId: parsed.sessionId, deduplicationId: parsed.id });
        return;
      } catch (err) {
        if (attempt >= ATTEMPTS) {
          this.logger.error(
            { err, eventId: parsed.id, type: parsed.type, sessionId: parsed.sessionId },
            "event could not be published",
          );
          throw err;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }
}

/** Collects events in memory (unit tests). */
export class MemoryEventSink implements EventSink {
  readonly events: FleetEvent[] = [];
  async publish(event: FleetEvent): Promise<void> {
    this.events.push(FleetEvent.parse(event));
  }
}
