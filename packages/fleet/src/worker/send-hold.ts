import { keys, queryPages, readLastSendTakes, type DynamoContext } from "@wharf/aws";
import type { FleetCommand, MessageFailure } from "@wharf/contracts";
import { idTimePrefix, type Clock } from "@wharf/core";
import type { Logger } from "pino";
import { buildEvent, type EventSink } from "../events/event-sink";
import type { SessionTable } from "./session-table";
import { SEND_TIMEOUT } from "../session/hold-rule";

/** A message that never went out, failed with `failure`, as the session's event. */
export function publishSendFailed(
  deps: { events: EventSink; clock: Clock },
  m: { tenantId: string; sessionId: string; messageId: string; epoch: number; requestId?: string | undefined },
  failure: MessageFailure,
): Promise<void> {
  return deps.events.publish(
    buildEvent(
      "message.status",
      { tenantId: m.tenantId, sessionId: m.sessionId, epoch: m.epoch, requestId: m.requestId },
      { messageId: m.messageId, waMessageId: null, status: "failed", failure },
      deps.clock.now(),
    ),
  );
}

/** Sends (any kind): they alone are held and timed out. */
export function isSendCommand(
  cmd: FleetCommand,
): cmd is Extract<FleetCommand, { type: "message.send_text" | "message.send" }> {
  return cmd.type === "message.send_text" || cmd.type === "message.send";
}

export interface HeldSendSweepDeps {
  ctx: DynamoContext;
  table: Pick<SessionTable, "all">;
  events: EventSink;
  clock: Clock;
  logger: Logger;
  holdMs: number;
}

/** after the hold, the owner's own check (at run time) has this long before the sweep steps in */
const SWEEP_GRACE_MS = 10_000;
/** how far back a session's first sweep after a claim looks */
const FIRST_LOOKBACK_MS = 24 * 3_600_000;

/**
 * Finds the sends of this worker's sessions still `queued` after hold + grace: their command
 * never reached a worker that could run it (lost with a dead worker's inbox, say). Each message
 * is looked at once: a cursor per session moves over message ids, which sort by acceptance time.
 * A session whose API accepted no send since its cursor (the pacing item's `lastTakeAt`, read
 * for all sessions in BatchGetItems) is not queried, so idle sessions cost no Query each sweep.
 */
export class HeldSendSweeper {
  private readonly cursors = new Map<string, number>();

  constructor(private readonly deps: HeldSendSweepDeps) {}

  async sweep(): Promise<number> {
    const { deps } = this;
    const upTo = deps.clock.now().getTime() - deps.holdMs - Math.min(SWEEP_GRACE_MS, deps.holdMs / 2);
    let failed = 0;
    const owned = new Set<string>();
    const entries = deps.table.all();
    const lastTakes =
      entries.length > 0 ? await readLastSendTakes(deps.ctx, entries) : new Map<string, number | null>();
    for (const e of entries) {
      owned.add(e.sessionId);
      const from = this.cursors.get(e.sessionId) ?? upTo - FIRST_LOOKBACK_MS;
      if (upTo <= from) continue;
      // a send's id carries the time of its pacing take (the API's one clock reading), and the
      // window below starts at `from` inclusive: no take at or after `from`, nothing to find
      const lastTake = lastTakes.get(e.sessionId);
      if (lastTake === undefined || (lastTake !== null && lastTake < from)) {
        this.cursors.set(e.sessionId, upTo);
        continue;
      }
      for await (const page of queryPages(deps.ctx, {
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        FilterExpression: "#d = :out AND #s = :queued",
        ExpressionAttributeNames: { "#d": "direction", "#s": "status" },
        ExpressionAttributeValues: {
          ":pk": keys.sessionPk(e.tenantId, e.sessionId),
          ":from": `MSG#${idTimePrefix("message", from)}`,
          ":to": `MSG#${idTimePrefix("message", upTo)}`,
          ":out": "out",
          ":queued": "queued",
        },
        ProjectionExpression: "id",
      })) {
        for (const item of page) {
          deps.logger.warn({ sessionId: e.sessionId, messageId: item.id }, "send never ran within its hold: failed");
          await publishSendFailed(
            deps,
            { tenantId: e.tenantId, sessionId: e.sessionId, messageId: String(item.id), epoch: e.epoch },
            SEND_TIMEOUT,
          );
          failed++;
        }
      }
      this.cursors.set(e.sessionId, upTo);
    }
    // a session that left and comes back looks back in full again
    for (const id of this.cursors.keys()) if (!owned.has(id)) this.cursors.delete(id);
    return failed;
  }
}

/** Sweeps every holdMs / 6 (at least 5 s): a lost send ends failed within about hold + grace + that. */
export async function heldSendLoop(
  sweeper: HeldSendSweeper,
  o: { holdMs: number; stopped: () => boolean; pause: (ms: number) => Promise<void>; logger: Logger },
): Promise<void> {
  const every = Math.max(5_000, Math.round(o.holdMs / 6));
  while (!o.stopped()) {
    await o.pause(every);
    if (o.stopped()) break;
    await sweeper.sweep().catch((err: unknown) => o.logger.warn({ err }, "sweeping sends past their hold failed"));
  }
}
