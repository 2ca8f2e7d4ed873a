import { describe, expect, it } from "vitest";
import { EventLogEntry } from "./event-log";
import { FleetEvent } from "./events";
import { REALTIME_FRAME_DATA } from "./realtime";
import { WebhookEventType } from "./webhooks";

const data = {
  action: "edit",
  messageId: "msg_01JD0000000000000000000001",
  chatJid: "4915100000001@s.whatsapp.net",
  waMessageId: "3EB0ABC",
  code: "edit_window_expired",
  reason: "the edit not done: WhatsApp allows edits only within 15 minutes of sending",
};
const event = {
  id: "evt_01JD0000000000000000000001",
  type: "message.action_failed",
  v: 1,
  tenantId: "ten_01JD0000000000000000000001",
  sessionId: "ses_01JD0000000000000000000001",
  epoch: 3,
  at: "2026-01-01T00:00:00.000Z",
  data,
};

describe("message.action_failed", () => {
  it("is a fleet event, a frame, a webhook type and an event-log entry", () => {
    expect(FleetEvent.parse(event)).toMatchObject({ type: "message.action_failed", data });
    expect(REALTIME_FRAME_DATA["message:action_failed"].parse(data)).toEqual(data);
    expect(WebhookEventType.parse("message.action_failed")).toBe("message.action_failed");
    const entry = { id: event.id, type: "message.action_failed", sessionId: event.sessionId, at: event.at, data };
    expect(EventLogEntry.parse(entry)).toEqual(entry);
  });

  it("takes only codes and actions of its closed lists, and a reason", () => {
    expect(FleetEvent.safeParse({ ...event, data: { ...data, code: "oops" } }).success).toBe(false);
    expect(FleetEvent.safeParse({ ...event, data: { ...data, action: "pin" } }).success).toBe(false);
    expect(FleetEvent.safeParse({ ...event, data: { ...data, reason: "" } }).success).toBe(false);
    const presence = { ...data, action: "presence", messageId: null, waMessageId: null, code: "session_not_open" };
    expect(FleetEvent.safeParse({ ...event, data: presence }).success).toBe(true);
  });
});
