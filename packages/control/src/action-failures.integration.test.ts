import type { FleetEvent, MessageActionFailure } from "@wharf/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { newTenant, type TestTenant } from "./testing/expectations";
import { CONTACT_JID, type RichStack, fleetEvent, openSession, receive, richStack } from "./testing/rich-stack";

/**
 * message.action_failed on DynamoDB Local: the events consumer keeps each failure in the
 * tenant's event log (`GET /v1/events?type=message.action_failed`), frames it as
 * `message:action_failed` and webhooks it; a target named only by WhatsApp's id gets Wharf's.
 */
describe("action failures (DynamoDB Local)", () => {
  let s: RichStack;
  let t: TestTenant;
  let sessionId: string;

  beforeAll(async () => {
    s = await richStack();
    t = await newTenant(s.h, "action-failures");
    sessionId = await openSession(s, t);
  });

  const failed = (data: MessageActionFailure) => fleetEvent(t, sessionId, "message.action_failed", data);
  const framesOf = (e: FleetEvent) => s.frames.filter((f) => f.id === e.id);
  const payloadsOf = (e: FleetEvent) => s.payloads.filter((p) => p.id === e.id);
  const log = async () =>
    (await s.h.call("GET", `/v1/events?sessionId=${sessionId}&type=message.action_failed`, { key: t.key })).body;

  it("logs, frames and webhooks a refused edit with its code and reason", async () => {
    const data: MessageActionFailure = {
      action: "edit",
      messageId: "msg_01JD0000000000000000000001" as MessageActionFailure["messageId"],
      chatJid: CONTACT_JID,
      waMessageId: "3EB0EDIT",
      code: "edit_window_expired",
      reason: "the edit not done: WhatsApp allows edits only within 15 minutes of sending",
    };
    const event = failed(data);
    expect(await s.apply(event)).toBe("applied");
    expect(framesOf(event)).toEqual([expect.objectContaining({ type: "message:action_failed", sessionId, data })]);
    expect(payloadsOf(event)).toEqual([expect.objectContaining({ type: "message.action_failed", data })]);
    const page = await log();
    expect(page.data).toContainEqual({ id: event.id, type: "message.action_failed", sessionId, at: event.at, data });

    expect(await s.apply(event)).toBe("duplicate");
    expect(framesOf(event)).toHaveLength(1);
    expect(payloadsOf(event)).toHaveLength(1);
  });

  it("names a reaction's target by Wharf's id when the message is stored", async () => {
    const inbound = await receive(s, t, sessionId, "react to me");
    const stored = (await s.h.call("GET", `/v1/sessions/${sessionId}/messages/${inbound}`, { key: t.key })).body;
    const event = failed({
      action: "reaction",
      messageId: null,
      chatJid: CONTACT_JID,
      waMessageId: stored.waMessageId,
      code: "target_not_found",
      reason: "the reaction not done: WhatsApp knows no such message in this chat",
    });
    expect(await s.apply(event)).toBe("applied");
    expect(framesOf(event)[0]?.data).toMatchObject({ action: "reaction", messageId: inbound });
    expect(payloadsOf(event)[0]?.data).toMatchObject({ messageId: inbound, code: "target_not_found" });
    expect((await log()).data.find((e: { id: string }) => e.id === event.id)?.data.messageId).toBe(inbound);
  });

  it("keeps a presence failure without a message", async () => {
    const event = failed({
      action: "presence",
      messageId: null,
      chatJid: CONTACT_JID,
      waMessageId: null,
      code: "session_not_open",
      reason: "the presence not done: the session is not connected to WhatsApp",
    });
    expect(await s.apply(event)).toBe("applied");
    expect(framesOf(event)[0]?.data).toMatchObject({ action: "presence", messageId: null, code: "session_not_open" });
  });
});
