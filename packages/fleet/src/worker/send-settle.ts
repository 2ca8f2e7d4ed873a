import { createMessageStore } from "@wharf/aws";
import type { FleetCommand, MessageFailure } from "@wharf/contracts";
import type { CommandDeps } from "./commands";
import { SEND_TIMEOUT } from "../session/hold-rule";
import { isSendCommand, publishSendFailed } from "./send-hold";
import type { SessionTable } from "./session-table";

/** How a send that cannot (or may no longer) run ends: failed with a reason, never stuck `queued`. */

/** One worker's set of command ids, kept by its session table. */
function setOf(sets: WeakMap<SessionTable, Set<string>>, table: SessionTable): Set<string> {
  let set = sets.get(table);
  if (!set) {
    set = new Set();
    sets.set(table, set);
  }
  return set;
}

/** Command ids each worker (by its session table) is running right now. */
const runningByWorker = new WeakMap<SessionTable, Set<string>>();
export function runningHere(deps: CommandDeps): Set<string> {
  return setOf(runningByWorker, deps.table);
}

/**
 * Command ids this worker ran to the end lately (the newest 1000). A copy of one that comes back
 * (its inbox visibility lapsed while a long send, e.g. to a 256-member group, held the event
 * loop) is a late copy, not a crash, even while the store still says `queued`.
 */
const finishedByWorker = new WeakMap<SessionTable, Set<string>>();
const FINISHED_KEPT = 1000;
export function finishedHere(deps: CommandDeps, commandId: string): void {
  const set = setOf(finishedByWorker, deps.table);
  set.add(commandId);
  if (set.size > FINISHED_KEPT) set.delete(set.values().next().value!);
}

/**
 * A command the ledger has seen before. A send still `queued` that no one here is running was
 * taken by a worker that died before it could say how it went (its copy came back from that
 * worker's inbox): it ends failed with a reason rather than stuck, and is not sent again, since
 * it may have gone out already.
 */
export async function settleRepeat(deps: CommandDeps, cmd: FleetCommand): Promise<void> {
  if (!isSendCommand(cmd) || runningHere(deps).has(cmd.id)) return;
  if (finishedByWorker.get(deps.table)?.has(cmd.id)) {
    deps.logger.debug({ commandId: cmd.id, sessionId: cmd.sessionId }, "late copy of a command run here: dropped");
    return;
  }
  if (!(await stillQueued(deps, cmd))) return;
  const { messageId } = cmd.data;
  deps.logger.warn({ commandId: cmd.id, sessionId: cmd.sessionId, messageId }, "send interrupted by a worker crash");
  await publishSendFailed(deps, { ...cmd, messageId }, SEND_INTERRUPTED);
}

const SEND_INTERRUPTED: MessageFailure = {
  code: "send_interrupted",
  message:
    "the worker sending this message stopped before confirming it; it may not have gone out and is not sent again, to avoid a duplicate",
};

/**
 * A send past its hold: not sent. Still `queued`, it ends failed `send_timeout`; one that went
 * out or failed already keeps its status (this is a late copy). Once per command id.
 */
export async function timeOut(deps: CommandDeps, cmd: SendCommand) {
  if (!(await deps.ledger.begin(cmd, deps.clock.now()))) return settleRepeat(deps, cmd);
  if (!(await stillQueued(deps, cmd))) return;
  const { messageId } = cmd.data;
  deps.logger.warn({ commandId: cmd.id, sessionId: cmd.sessionId, messageId }, "send past its hold: failed, not sent");
  await publishSendFailed(deps, { ...cmd, messageId }, SEND_TIMEOUT);
}

type SendCommand = Extract<FleetCommand, { type: "message.send_text" | "message.send" }>;

/** whether the send's message is still `queued` in the store (nothing said yet how it went) */
async function stillQueued(deps: CommandDeps, cmd: SendCommand): Promise<boolean> {
  const stored = await createMessageStore(deps.ctx).get(cmd.tenantId, cmd.sessionId, cmd.data.messageId);
  return stored?.status === "queued";
}
