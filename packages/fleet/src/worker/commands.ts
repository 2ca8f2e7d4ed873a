import {
  claimSessionLease,
  createSessionStore,
  DynamoAuthStateStore,
  releaseSessionLease,
  type AuthStateKeyring,
  type DynamoContext,
} from "@wharf/aws";
import type { FleetCommand, PlacementMessage } from "@wharf/contracts";
import {
  isSocketActive,
  placementMessage,
  type Clock,
  type CommandLedger,
  type QueueSender,
  type WorkerInboxes,
  type WorkerRegistry,
} from "@wharf/core";
import type { Logger } from "pino";
import { buildEvent, type EventSink } from "../events/event-sink";
import { baileysCodec } from "../session/baileys-auth";
import type { FleetEventInput } from "../session/message-events";
import { holdEndsAt, pastHold } from "../session/hold-rule";
import { followHandover, forwardToLiveOwner, isLeaseLive } from "./forwarding";
import { notOpenAnswer } from "./not-open";
import { isSendCommand } from "./send-hold";
import { finishedHere, runningHere, settleRepeat, timeOut } from "./send-settle";
import { traceSend } from "../session/send-trace";
import type { OwnedEntry, SessionTable } from "./session-table";

export interface CommandDeps {
  workerId: string;
  ctx: DynamoContext;
  inboxes: Pick<WorkerInboxes, "forward">;
  table: SessionTable;
  registry: WorkerRegistry;
  ledger: CommandLedger;
  placement: QueueSender<PlacementMessage>;
  events: EventSink;
  keyring: AuthStateKeyring;
  clock: Clock;
  logger: Logger;
  leaseTtlMs: number;
  workerTtlMs: number;
  /** true once the worker stops working: a command waiting for a session's next owner gives up */
  stopping?: () => boolean;
  /** a send not on its way this long after the API accepted it fails `send_timeout` (WHARF_SEND_HOLD_MS) */
  sendHoldMs: number;
}

const NEXT_OWNER_POLL_MS = 500;
/** beyond two lease TTLs (expiry, then a claim): the next owner's login with its backlog */
const NEXT_OWNER_GRACE_MS = 30_000;

/**
 * Runs one inbox command. Each command id executes at most once (ledger). A command for a
 * session this worker does not hold goes to the live owner's inbox if there is one; if
 * nobody holds it, the worker acts on the stored session itself.
 */
export async function handleCommand(deps: CommandDeps, cmd: FleetCommand): Promise<void> {
  const entry = deps.table.get(cmd.sessionId);
  if (entry && entry.tenantId !== cmd.tenantId) {
    deps.logger.warn(
      { commandId: cmd.id, sessionId: cmd.sessionId },
      "command names another tenant for an owned session: dropped",
    );
    return;
  }
  // the request id ties this line to the API request and to the events the command causes
  const messageId = cmd.type === "message.send_text" ? cmd.data.messageId : undefined;
  traceSend(messageId, cmd.sessionId, "received");
  deps.logger.info(
    {
      commandId: cmd.id,
      type: cmd.type,
      sessionId: cmd.sessionId,
      requestId: cmd.requestId,
      messageId,
      owned: !!entry,
    },
    "command received",
  );
  if (isSendCommand(cmd) && pastHold(cmd.at, deps.sendHoldMs, deps.clock.now())) return timeOut(deps, cmd);
  if (deps.table.handingOver) return followHandover(deps, cmd, entry, () => handleUnowned(deps, cmd));
  if (!entry) return handleUnowned(deps, cmd);
  const run = runOwned(deps, cmd, entry);
  // a drain lets the commands running on a session finish before it closes the socket
  entry.commands.add(run);
  return run.finally(() => entry.commands.delete(run));
}

async function runOwned(deps: CommandDeps, cmd: FleetCommand, entry: OwnedEntry): Promise<void> {
  if (!(await deps.ledger.begin(cmd, deps.clock.now()))) return settleRepeat(deps, cmd);
  if (cmd.type === "message.send_text") traceSend(cmd.data.messageId, cmd.sessionId, "ledger");
  const runner = entry.runner;
  const running = runningHere(deps);
  running.add(cmd.id);
  try {
    switch (cmd.type) {
      case "session.connect":
        return await runner.connectWith(cmd.data);
      case "session.request_qr":
        return await runner.requestQr();
      case "session.disconnect":
        return await runner.stop("disconnect", cmd.requestId);
      case "session.logout":
        return await runner.stop("logout", cmd.requestId);
      case "message.send_text":
        return await runner.sender.sendText(cmd);
      case "message.send":
        return await runner.sender.send(cmd);
      case "message.edit":
        return await runner.sender.edit(cmd);
      case "message.delete":
        return await runner.sender.delete(cmd);
      case "chat.mark_read":
        return await runner.sender.markRead(cmd);
      case "chat.presence":
        return await runner.sender.presence(cmd);
      case "session.operation":
        return await runner.operate(cmd);
    }
  } finally {
    running.delete(cmd.id);
    finishedHere(deps, cmd.id);
  }
}

async function handleUnowned(deps: CommandDeps, cmd: FleetCommand): Promise<void> {
  const sessions = createSessionStore(deps.ctx);
  const session = await sessions.get(cmd.tenantId, cmd.sessionId);
  if (!session) {
    deps.logger.info({ commandId: cmd.id, sessionId: cmd.sessionId }, "command for a missing session: dropped");
    return;
  }
  const now = deps.clock.now();
  const owner = session.lease.owner;
  if (
    owner !== null &&
    isLeaseLive(session.lease.leaseUntil, now) &&
    owner !== deps.workerId &&
    (await forwardToLiveOwner(deps, cmd, owner, now))
  )
    return;
  // a send for a session between owners (its worker died) waits for the next owner, within its hold
  if (isSendCommand(cmd) && session.desiredState === "connected" && (await awaitNextOwner(deps, cmd))) return;
  if (isSendCommand(cmd) && pastHold(cmd.at, deps.sendHoldMs, deps.clock.now())) return timeOut(deps, cmd);
  if (!(await deps.ledger.begin(cmd, now))) return settleRepeat(deps, cmd);
  const at = { updatedAt: now.toISOString() };
  const publish = (input: FleetEventInput, epoch = session.lease.epoch) =>
    deps.events.publish(
      buildEvent(
        input.type,
        { tenantId: cmd.tenantId, sessionId: cmd.sessionId, epoch, requestId: cmd.requestId },
        input.data as never,
        now,
      ),
    );
  const emitStatus = (status: typeof session.status, phone: string | null, epoch = session.lease.epoch) =>
    publish(
      {
        type: "session.status",
        data: { status, phone, disconnect: session.lastDisconnect, health: session.health },
      },
      epoch,
    );

  switch (cmd.type) {
    case "session.connect":
    case "session.request_qr": {
      const connect = cmd.type === "session.connect" ? cmd.data : ({ method: "qr" } as const);
      await sessions.update(cmd.tenantId, cmd.sessionId, { desiredState: "connected", ...at });
      const res = await deps.table.acquire(cmd.tenantId, cmd.sessionId, connect, cmd.requestId);
      if (res.status === "full" || res.status === "held") {
        await deps.placement.send(
          withRequest(
            cmd.requestId,
            placementMessage(
              {
                tenantId: cmd.tenantId,
                sessionId: cmd.sessionId,
                epoch: session.lease.epoch,
                reason: "connect",
                connect,
              },
              now,
            ),
          ),
        );
      }
      return;
    }
    case "session.disconnect": {
      // nobody holds a socket: the stored status may still say open after a crash
      const status = isSocketActive(session.status) ? "disconnected" : session.status;
      await sessions.update(cmd.tenantId, cmd.sessionId, { desiredState: "disconnected", status, ...at });
      await emitStatus(status, session.phone);
      return;
    }
    case "session.logout":
      return logoutUnowned(deps, cmd, emitStatus);
    default:
      return publish(notOpenAnswer(cmd));
  }
}

/**
 * Waits (bounded) until the session has an owner again: this worker (the command runs here) or
 * a live peer (it goes to that peer's inbox). False when none came in time, or the session no
 * longer wants a connection: the caller then fails the send with a reason.
 */
async function awaitNextOwner(deps: CommandDeps, cmd: FleetCommand): Promise<boolean> {
  const sessions = createSessionStore(deps.ctx);
  const until = Math.min(
    deps.clock.now().getTime() + 2 * deps.leaseTtlMs + NEXT_OWNER_GRACE_MS,
    holdEndsAt(cmd.at, deps.sendHoldMs),
  );
  while (deps.clock.now().getTime() < until && !deps.stopping?.()) {
    await new Promise((r) => setTimeout(r, NEXT_OWNER_POLL_MS));
    if (deps.table.get(cmd.sessionId)) {
      await handleCommand(deps, cmd);
      return true;
    }
    const now = deps.clock.now();
    const session = await sessions.get(cmd.tenantId, cmd.sessionId);
    if (!session || session.desiredState !== "connected") return false;
    const { owner } = session.lease;
    const live = owner !== null && isLeaseLive(session.lease.leaseUntil, now);
    if (live && owner !== deps.workerId && (await forwardToLiveOwner(deps, cmd, owner, now))) return true;
  }
  return false;
}

/** Logout without a socket: claim the lease briefly, clear the auth state (fenced), mark it logged out. */
async function logoutUnowned(
  deps: CommandDeps,
  cmd: FleetCommand,
  emitStatus: (status: "logged_out", phone: null, epoch: number) => Promise<void>,
): Promise<void> {
  const target = { tenantId: cmd.tenantId, sessionId: cmd.sessionId, owner: deps.workerId };
  const claim = await claimSessionLease(deps.ctx, { ...target, now: deps.clock.now(), ttlMs: deps.leaseTtlMs });
  if (claim.status !== "claimed") {
    deps.logger.warn(
      { commandId: cmd.id, sessionId: cmd.sessionId, claim: claim.status },
      "logout could not take the session: dropped",
    );
    return;
  }
  const fence = () => ({ owner: deps.workerId, epoch: claim.lease.epoch });
  try {
    await new DynamoAuthStateStore({
      ctx: deps.ctx,
      tenantId: cmd.tenantId,
      sessionId: cmd.sessionId,
      keyring: deps.keyring,
      codec: baileysCodec,
      fence,
    }).clear();
    await createSessionStore(deps.ctx).update(cmd.tenantId, cmd.sessionId, {
      status: "logged_out",
      desiredState: "disconnected",
      phone: null,
      accountName: null,
      updatedAt: deps.clock.now().toISOString(),
    });
    await emitStatus("logged_out", null, claim.lease.epoch);
  } finally {
    await releaseSessionLease(deps.ctx, { ...target, epoch: claim.lease.epoch });
  }
}

function withRequest(requestId: string | undefined, message: PlacementMessage): PlacementMessage {
  return requestId ? { ...message, requestId } : message;
}
