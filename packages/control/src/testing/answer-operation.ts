import type { OperationCompletedEvent, SessionOperationCommand } from "@wharf/contracts";
import { expect } from "vitest";
import type { TestTenant } from "./expectations";
import { type RichStack, fleetEvent } from "./rich-stack";

export type OperationOutcome = OperationCompletedEvent["data"]["outcome"];

/**
 * Plays the owner of a session operation: waits for the next session.operation the owner's
 * inbox receives and answers it with an operation.completed through the events consumer.
 */
export async function answerNextOperation(
  s: RichStack,
  t: TestTenant,
  outcome: (cmd: SessionOperationCommand) => OperationOutcome,
): Promise<SessionOperationCommand> {
  const seen = s.commands.length;
  let cmd: SessionOperationCommand | undefined;
  await expect
    .poll(() => (cmd = s.commands.slice(seen).find((c) => c.type === "session.operation") as never), {
      timeout: 5_000,
      interval: 10,
    })
    .toBeDefined();
  const c = cmd!;
  const data = { operationId: c.data.operationId, op: c.data.op, outcome: outcome(c) };
  expect(await s.apply(fleetEvent(t, c.sessionId, "operation.completed", data as never))).toBe("applied");
  return c;
}
