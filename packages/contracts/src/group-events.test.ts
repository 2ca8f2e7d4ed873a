import { describe, expect, it } from "vitest";
import { FleetEvent } from "./events";
import { GROUP_EVENT_TYPES, GroupEvent } from "./group-events";
import { WEBHOOK_EVENT_TYPES } from "./webhooks";

const U = "01J00000000000000000000000";
const envelope = {
  id: `evt_${U}`,
  v: 1,
  tenantId: `ten_${U}`,
  sessionId: `ses_${U}`,
  epoch: 1,
  at: "2026-12-01T10:00:00.000Z",
};
const group = {
  subject: "Lager",
  description: null,
  owner: "123@lid",
  createdAt: "2026-12-01T09:00:00.000Z",
  announce: false,
  restrict: false,
  participantCount: 1,
  participants: [{ jid: "123@lid", phone: "4915100000001", admin: "superadmin" }],
};
const by = { jid: "123@lid", phone: "4915100000001", fromMe: false };
const at = "2026-12-01T10:00:00.000Z";

describe("group events", () => {
  it("are fleet events and webhook types, one schema per change", () => {
    for (const type of GROUP_EVENT_TYPES) expect(WEBHOOK_EVENT_TYPES).toContain(type);
    const added = {
      ...envelope,
      type: "group.participants_added",
      data: { groupJid: "120363000000000001@g.us", by, group, participants: group.participants, at },
    };
    expect(FleetEvent.safeParse(added).success).toBe(true);
    expect(GroupEvent.safeParse(added).success).toBe(true);
    const left = {
      ...envelope,
      type: "group.left",
      data: { groupJid: "120363000000000001@g.us", by, removed: true, at },
    };
    expect(FleetEvent.safeParse(left).success).toBe(true);
  });

  it("refuse a chat JID that is no group, an empty participant change and unknown fields", () => {
    const data = { groupJid: "4915100000001@s.whatsapp.net", by, group, at };
    expect(GroupEvent.safeParse({ ...envelope, type: "group.joined", data }).success).toBe(false);
    const none = { groupJid: "1203@g.us", by, group, participants: [], at };
    expect(GroupEvent.safeParse({ ...envelope, type: "group.participants_removed", data: none }).success).toBe(false);
    const extra = { groupJid: "1203@g.us", by, group, at, subject: "x", extra: 1 };
    expect(GroupEvent.safeParse({ ...envelope, type: "group.subject_changed", data: extra }).success).toBe(false);
  });
});
