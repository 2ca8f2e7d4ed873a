import { describe, expect, it } from "vitest";
import type { MessageActionFailure } from "../api/types";
import { describeEntry, entryFromFrame } from "../events/entries";
import type { Frame } from "../realtime/frames";
import { actionFailureText, actionFailureToast } from "./action-failures";

const data: MessageActionFailure = {
  action: "edit",
  messageId: "msg_01JD0000000000000000000001" as MessageActionFailure["messageId"],
  chatJid: "4915100000001@s.whatsapp.net",
  waMessageId: "3EB0ABC",
  code: "edit_window_expired",
  reason: "the edit not done: WhatsApp allows edits only within 15 minutes of sending",
};
const frame = {
  v: 1,
  type: "message:action_failed",
  id: "evt_01JD0000000000000000000001",
  tenantId: "ten_01JD0000000000000000000001",
  sessionId: "ses_01JD0000000000000000000001",
  at: "2026-01-01T00:00:00.000Z",
  data,
} as Frame;

describe("action failure frames", () => {
  it("become a toast that says what failed, where and why", () => {
    const text = actionFailureToast(frame);
    expect(text).toMatch(/^Edit in the chat with .*1510.* failed: WhatsApp allows edits only within 15 minutes/);
    expect(actionFailureText({ ...data, action: "presence", reason: "no colon here" })).toMatch(
      /^Typing indicator .* failed: no colon here$/,
    );
  });

  it("give no toast for other frames", () => {
    expect(actionFailureToast({ ...frame, type: "chat:presence" } as unknown as Frame)).toBeNull();
  });

  it("are listed on the events page under the id the API lists them with", () => {
    const entry = entryFromFrame(frame);
    expect(entry).toEqual({
      id: frame.id,
      type: "message.action_failed",
      sessionId: frame.sessionId,
      at: frame.at,
      data,
    });
    expect(describeEntry(entry!)).toMatchObject({
      tone: "danger",
      detail: expect.stringContaining("edit_window_expired"),
    });
  });
});
