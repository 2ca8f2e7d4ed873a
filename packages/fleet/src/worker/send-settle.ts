import { createMessageStore } from "@wharf/aws";
import type { FleetCommand } from "@wharf/contracts";
import { buildEvent } from "../events/event-sink";
import type { CommandDeps } from "./commands";
import { isSendCommand, publishSendTimeout } from "./send-hold";
import type { SessionTable } from "./session-table";

/** How a send that cannot (or may no longer) run ends: failed with a reason, never stuck `queued`. */

/** Command ids each worker (by its session table) is running right now. */
const runningByWorker = new WeakMap<SessionTable, Set<string>>();
export function runningHere(deps: CommandDeps): Set<string> {
  let set = runningByWorker.get(deps.table);
  if (!set) {
    set = new Set();
    runningByWorker.set(deps.table, set);
  }
  return set;
}

/**
 * A command the ledger has seen before. A send still `queued` that no one here is running was
 * taken by a worker that died before it could say how it went (its copy came back from that
 * worker's inbox): it ends failed with a reason rather than stuck, and is not sent again, since
 * it may have gone out already.
 */
export async function settleRepeat(deps: CommandDeps, cmd: FleetCommand): Promise<void> {
  if (!isSend(cmd) || runningHere(deps).has(cmd.id)) return;
  const { messageId } = cmd.data;
  const stored = await createMessageStore(deps.ctx).get(cmd.tenantId, cmd.sessionId, messageId);
  if (stored?.status !== "queued") return;
  deps.logger.warn({ commandId: cmd.id, sessionId: cmd.sessionId, messageId }, "send interrupted by a worker crash");
  await deps.events.publish(
    buildEvent(
      "message.status",
      { tenantId: cmd.tenantId, sessionId: cmd.sessionId, epoch: cmd.epoch, requestId: cmd.requestId },
      {
        messageId,
        waMessageId: null,
        status: "failed",
        failure: {
          code: "send_interrupted",
          message:
            "the worker sending this message stopped before confirming it; it may not have gone out and is not sent again, to avoid a duplicate",
        },
      },
      deps.clock.now(),
    ),
  );
}

/** Sends (any kind): between owners they wait for the next one rather than fail. */
export const isSend = isSendCommand;

/**
 * A send past its hold: not sent. Still `queued`, it ends failed `send_timeout`; one that went
 * out or failed already keeps its status (this is a late copy). Once per command id.
 */
export async function timeOut(
  deps: CommandDeps,
  cmd: Extract<FleetCommand, { type: "message.send_text" | "message.send" }>,
) {
  if (!(await deps.ledger.begin(cmd, deps.clock.now()))) return settleRepeat(deps, cmd);
  const { messageId } = cmd.data;
  const stored = await createMessageStore(deps.ctx).get(cmd.tenantId, cmd.sessionId, messageId);
  if (stored?.status !== "queued") return;
  deps.logger.warn({ commandId: cmd.id, sessionId: cmd.sessionId, messageId }, "send past its hold: failed, not sent");
  await publishSendTimeout(deps, { ...cmd, messageId, requestId: cmd.requestId });
}
