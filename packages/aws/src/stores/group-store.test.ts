import { newId, type GroupRecord } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { useTestStack } from "../testing/index";
import { createGroupStore } from "./group-store";
import { createMessageStore } from "./message-store";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const groups = createGroupStore(ctx);
const messages = createMessageStore(ctx);

const record = (t: string, s: string, jid: string, subject: string, updatedAt: string): GroupRecord => ({
  tenantId: t,
  sessionId: s,
  jid,
  subject,
  description: "on call",
  owner: "1@lid",
  createdAt: "2030-01-01T00:00:00.000Z",
  announce: true,
  restrict: false,
  participantCount: 2,
  participants: [
    { jid: "1@lid", phone: "4915100000001", admin: "superadmin" },
    { jid: "2@lid", phone: null, admin: null },
  ],
  member: true,
  updatedAt,
});

describe("DynamoDB group store", () => {
  it("keeps the newest metadata, writes the chat's group summary, lists current groups by page", async () => {
    const t = newId("tenant");
    const s = newId("session");
    await groups.put(record(t, s, "1203630001@g.us", "B", "2030-01-01T10:00:01.000Z"));
    await groups.put(record(t, s, "1203630001@g.us", "stale", "2030-01-01T10:00:00.000Z"));
    await groups.put(record(t, s, "1203630002@g.us", "A", "2030-01-01T10:00:00.000Z"));
    expect(await groups.get(t, s, "1203630001@g.us")).toEqual(
      record(t, s, "1203630001@g.us", "B", "2030-01-01T10:00:01.000Z"),
    );
    const first = await groups.list(t, s, { limit: 1 });
    const second = await groups.list(t, s, { limit: 1, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((g) => g.subject)).toEqual(["B", "A"]);
    const chat = await messages.getChat(t, s, "1203630001@g.us");
    expect(chat).toMatchObject({ name: "B", group: { subject: "B", participantCount: 2 }, unreadCount: 0 });
    expect((await messages.listChats(t, s, { limit: 10 })).items.map((c) => c.jid).sort()).toEqual([
      "1203630001@g.us",
      "1203630002@g.us",
    ]);
    // another tenant sees nothing
    expect((await groups.list(newId("tenant"), s, { limit: 10 })).items).toEqual([]);
  });

  it("marks a group the account left and leaves it out of the list", async () => {
    const t = newId("tenant");
    const s = newId("session");
    await groups.put(record(t, s, "1203630003@g.us", "C", "2030-01-01T10:00:00.000Z"));
    await groups.markLeft(t, s, "1203630003@g.us", "2030-01-01T11:00:00.000Z");
    await groups.markLeft(t, s, "1203630009@g.us", "2030-01-01T11:00:00.000Z");
    expect((await groups.get(t, s, "1203630003@g.us"))?.member).toBe(false);
    expect((await groups.list(t, s, { limit: 10 })).items).toEqual([]);
  });
});
