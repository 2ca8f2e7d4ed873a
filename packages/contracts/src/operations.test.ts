import { describe, expect, it } from "vitest";
import { FleetCommand } from "./commands";
import { FleetEvent } from "./events";
import { OPERATIONS } from "./operations";
import { operationErrorCode } from "./operations-kit";

const meta = {
  v: 1,
  tenantId: "ten_01JGZ8X7Y3M4N5P6Q7R8S9T0VW",
  sessionId: "ses_01JGZ8X7Y3M4N5P6Q7R8S9T0VW",
  epoch: 1,
  at: "2030-01-01T00:00:00.000Z",
};
const operationId = "op_01JGZ8X7Y3M4N5P6Q7R8S9T0VW";

describe("session operations", () => {
  it("carries each op's params in session.operation, checked by the op's own schema", () => {
    const command = { ...meta, id: "cmd_01JGZ8X7Y3M4N5P6Q7R8S9T0VW", type: "session.operation" };
    const ok = FleetCommand.safeParse({
      ...command,
      data: { operationId, op: "contacts.check", params: { phones: ["4915123456789"] } },
    });
    expect(ok.success).toBe(true);
    const bad = FleetCommand.safeParse({
      ...command,
      data: { operationId, op: "contacts.check", params: { phones: ["+49 151"] } },
    });
    expect(bad.success).toBe(false);
    const unknown = FleetCommand.safeParse({ ...command, data: { operationId, op: "nope", params: {} } });
    expect(unknown.success).toBe(false);
  });

  it("types operation.completed's result per op, or a failure word", () => {
    const event = { ...meta, id: "evt_01JGZ8X7Y3M4N5P6Q7R8S9T0VW", type: "operation.completed" };
    const ok = {
      operationId,
      op: "contacts.block",
      outcome: { ok: true, result: { jid: "1@s.whatsapp.net", blocked: true } },
    };
    expect(FleetEvent.safeParse({ ...event, data: ok }).success).toBe(true);
    const wrong = { ...ok, outcome: { ok: true, result: { jids: [] } } };
    expect(FleetEvent.safeParse({ ...event, data: wrong }).success).toBe(false);
    const failed = { operationId, op: "contacts.get", outcome: { ok: false, code: "not_on_whatsapp", message: "x" } };
    expect(FleetEvent.safeParse({ ...event, data: failed }).success).toBe(true);
  });

  it("maps failure words to API error codes, unknown ones to invalid_state", () => {
    expect(operationErrorCode("not_on_whatsapp")).toBe("not_found");
    expect(operationErrorCode("not_admin")).toBe("forbidden");
    expect(operationErrorCode("something_new")).toBe("invalid_state");
    expect(Object.keys(OPERATIONS)).toContain("presence.subscribe");
  });
});
