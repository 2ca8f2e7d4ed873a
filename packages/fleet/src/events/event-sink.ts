import { FleetEvent, type FleetEventType } from "@wharf/contracts";
import { newId } from "@wharf/core";

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
  /**
   * Resolves once the event is on the queue or kept durably for replay; rejects only for an
   * event that fails its schema (a producer bug).
   */
  publish(event: FleetEvent): Promise<void>;
}

export { SqsEventSink, type SqsEventSinkOptions } from "./sqs-event-sink";

/** Collects events in memory (unit tests). */
export class MemoryEventSink implements EventSink {
  readonly events: FleetEvent[] = [];
  async publish(event: FleetEvent): Promise<void> {
    this.events.push(FleetEvent.parse(event));
  }
}
