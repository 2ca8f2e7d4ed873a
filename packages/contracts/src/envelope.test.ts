import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DisconnectCommand, FleetCommand } from "./commands";
import { defineEvent } from "./envelope";
import { ERROR_CODES, ErrorBody } from "./errors";
import { FleetEvent, SessionStatusEvent } from "./events";
import { REALTIME_FRAME_TYPES, RealtimeFrameEnvelope } from "./realtime";

const at = "2030-01-01T00:00:00.000Z";
const U = "01JGZ8X7Y3M4N5P6Q7R8S9T0VW";
const meta = { v: 1, tenantId: `ten_${U}`, sessionId: `ses_${U}`, epoch: 3, at };

describe("event envelope", () => {
  const event = { id: `evt_${U}`, type: "session.status", ...meta, data: { status: "open", phone: "4915123456789" } };

  it("parses a session.status event through the FleetEvent union", () => {
    expect(FleetEvent.parse(event)).toEqual(event);
    expect(SessionStatusEvent.safeParse(event).success).toBe(true);
  });

  it("carries the linked account's name on session.status, and parses events without it", () => {
    const named = { ...event, data: { status: "open", phone: "4915123456789", accountName: "Acme Support" } };
    expect(SessionStatusEvent.parse(named).data.accountName).toBe("Acme Support");
    expect(SessionStatusEvent.parse(event).data.accountName).toBeUndefined();
    expect(
      SessionStatusEvent.safeParse({ ...event, data: { status: "open", accountName: "x".repeat(257) } }).success,
    ).toBe(false);
  });

  it.each([
    ["unknown version", { ...event, v: 2 }, "v"],
    ["negative epoch", { ...event, epoch: -1 }, "epoch"],
    ["fractional epoch", { ...event, epoch: 1.5 }, "epoch"],
    ["command id used as event id", { ...event, id: `cmd_${U}` }, "id"],
    ["bad timestamp", { ...event, at: "yesterday" }, "at"],
    ["bad status", { ...event, data: { status: "sleeping" } }, "data.status"],
    ["extra data field", { ...event, data: { status: "open", secret: 1 } }, "data"],
    ["extra envelope field", { ...event, extra: true }, ""],
    ["request id with spaces", { ...event, requestId: "a b" }, "requestId"],
  ])("rejects %s", (_n, input, path) => {
    const r = FleetEvent.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toContain(path);
  });

  it("carries the API request id when given, and parses without one", () => {
    const traced = { ...event, requestId: "req-7f3a:1" };
    expect(FleetEvent.parse(traced)).toEqual(traced);
    expect(FleetEvent.parse(event)).not.toHaveProperty("requestId");
  });

  it("rejects an unknown event type", () => {
    expect(FleetEvent.safeParse({ ...event, type: "session.exploded" }).success).toBe(false);
  });

  it("lets later capabilities define typed events in the same envelope", () => {
    const Custom = defineEvent("test.ping", z.object({ n: z.number() }));
    expect(Custom.parse({ ...event, type: "test.ping", data: { n: 1 } }).data.n).toBe(1);
    expect(Custom.safeParse({ ...event, data: { n: 1 } }).success).toBe(false);
  });
});

describe("command envelope", () => {
  const command = { id: `cmd_${U}`, type: "session.disconnect", ...meta, data: {} };

  it("parses a disconnect command", () => {
    expect(FleetCommand.parse(command)).toEqual(command);
    expect(DisconnectCommand.safeParse(command).success).toBe(true);
  });

  it("carries the API request id of the route that enqueued it", () => {
    const traced = { ...command, requestId: "3f1c2b7e-93a4-4d55-9c1e-5b8f0a6d2e11" };
    expect(FleetCommand.parse(traced)).toEqual(traced);
  });

  it("rejects an event id and unexpected data", () => {
    expect(FleetCommand.safeParse({ ...command, id: `evt_${U}` }).success).toBe(false);
    expect(FleetCommand.safeParse({ ...command, data: { force: true } }).success).toBe(false);
  });
});

describe("realtime frames", () => {
  const frame = {
    v: 1,
    type: "connection:qr",
    id: `evt_${U}`,
    tenantId: `ten_${U}`,
    sessionId: `ses_${U}`,
    at,
    data: { qr: "2@abc" },
  };

  it("accepts every frame type of DESIGN §5 and §11", () => {
    expect(REALTIME_FRAME_TYPES).toEqual([
      "connection:qr",
      "connection:status",
      "connection:error",
      "message:new",
      "message:status",
      "message:updated",
      "chat:presence",
      "message:action_failed",
      "group:updated",
    ]);
    for (const type of REALTIME_FRAME_TYPES)
      expect(RealtimeFrameEnvelope.safeParse({ ...frame, type }).success).toBe(true);
  });

  it("rejects unknown types and foreign ids", () => {
    expect(RealtimeFrameEnvelope.safeParse({ ...frame, type: "connection:open" }).success).toBe(false);
    expect(RealtimeFrameEnvelope.safeParse({ ...frame, sessionId: `ten_${U}` }).success).toBe(false);
  });
});

describe("error body", () => {
  it("carries a stable code, a message and field details", () => {
    const body = {
      error: {
        code: "validation_failed",
        message: "bad",
        details: [{ path: "body.name", message: "required" }],
        requestId: "r1",
      },
    };
    expect(ErrorBody.parse(body)).toEqual(body);
  });

  it("rejects codes outside the stable list", () => {
    expect(ErrorBody.safeParse({ error: { code: "oops", message: "x" } }).success).toBe(false);
    expect(ERROR_CODES).toContain("invalid_state");
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});
