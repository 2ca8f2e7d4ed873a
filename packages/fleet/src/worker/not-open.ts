import type { FleetCommand, OperationCompletion } from "@wharf/contracts";
import type { FleetEventInput } from "../session/message-events";
import { actionFailed, actionTarget } from "../session/outbound-actions";

/** Commands that need a socket and, when nobody holds the session, fail at once with a reason. */
export type NotOpenCommand = Extract<
  FleetCommand,
  {
    type:
      | "message.send_text"
      | "message.send"
      | "message.edit"
      | "message.delete"
      | "chat.mark_read"
      | "chat.presence"
      | "session.operation";
  }
>;

const NOT_OPEN = { code: "session_not_open", message: "the session is not connected to WhatsApp" } as const;

/**
 * The event that tells the sender its command reached no socket: a send ends failed, an action
 * fails without marking its (sent) target failed, and an operation's API waiter hears at once
 * instead of after its timeout.
 */
export function notOpenAnswer(cmd: NotOpenCommand): FleetEventInput {
  switch (cmd.type) {
    case "message.send_text":
    case "message.send":
      return {
        type: "message.status",
        data: { messageId: cmd.data.messageId, waMessageId: null, status: "failed", failure: NOT_OPEN },
      };
    case "session.operation": {
      const outcome = { ok: false as const, ...NOT_OPEN };
      const data = { operationId: cmd.data.operationId, op: cmd.data.op, outcome } as OperationCompletion;
      return { type: "operation.completed", data };
    }
    default:
      return actionFailed(actionTarget(cmd), "session_not_open", cmd.requestId);
  }
}
