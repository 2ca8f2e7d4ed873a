import type { GroupEvent, RealtimeFrame, WebhookPayload } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import type { Effects } from "../events/apply";
import { newId } from "../ids";
import { InMemoryGroupStore, InMemoryMessageStore, InMemorySessionStore, sessionRecord } from "../testing";
import { applyGroupEvent } from "./apply";

const JID = "120363000000000001@g.us";
const by = { jid: "1@lid", phone: "4915100000001", fromMe: false };
const snapshot = (subject: string, count: number) => ({
  subject,
  description: null,
  owner: "1@lid",
  createdAt: null,
  announce: false,
  restrict: false,
  participantCount: count,
  participants: [],
});

async function setup() {
  const sessions = new InMemorySessionStore();
  const messages = new InMemoryMessageStore();
  const groups = new InMemoryGroupStore(messages.chats);
  const s = sessionRecord(newId("tenant"));
  await sessions.create(s);
  const event = <E extends GroupEvent>(type: E["type"], data: E["data"]) =>
    ({ id: newId("event"), type, v: 1, tenantId: s.tenantId, sessionId: s.id, epoch: 1, at: data.at, data }) as E;
  return { deps: { sessions, groups }, messages, groups, s, event };
}

const effects = (): Effects & { frames: RealtimeFrame[]; payloads: WebhookPayload[] } => ({
  frames: [],
  payloads: [],
  log: [],
});

describe("group events in the consumer", () => {
  it("store the group's metadata and its chat's subject and member count, frame and webhook the change", async () => {
    const { deps, messages, groups, s, event } = await setup();
    const fx = effects();
    const at = "2026-12-01T10:00:00.000Z";
    await applyGroupEvent(deps, event("group.joined", { groupJid: JID, by, group: snapshot("Lager", 3), at }), fx);
    const later = "2026-12-01T10:01:00.000Z";
    const renamed = event("group.subject_changed", {
      groupJid: JID,
      by,
      group: snapshot("Lager 2", 4),
      subject: "Lager 2",
      at: later,
    });
    expect(await applyGroupEvent(deps, renamed, fx)).toBe("applied");
    expect(await groups.get(s.tenantId, s.id, JID)).toMatchObject({
      subject: "Lager 2",
      participantCount: 4,
      member: true,
    });
    const chat = (await messages.listChats(s.tenantId, s.id, { limit: 10 })).items[0];
    expect(chat).toMatchObject({ jid: JID, name: "Lager 2", group: { subject: "Lager 2", participantCount: 4 } });
    expect(fx.frames.map((f) => [f.type, (f.data as { event: string }).event])).toEqual([
      ["group:updated", "group.joined"],
      ["group:updated", "group.subject_changed"],
    ]);
    expect(fx.payloads.map((p) => p.type)).toEqual(["group.joined", "group.subject_changed"]);
  });

  it("keep a group the account left, no longer listed among its groups", async () => {
    const { deps, groups, s, event } = await setup();
    const at = "2026-12-01T10:00:00.000Z";
    await applyGroupEvent(
      deps,
      event("group.joined", { groupJid: JID, by, group: snapshot("Lager", 2), at }),
      effects(),
    );
    const fx = effects();
    await applyGroupEvent(deps, event("group.left", { groupJid: JID, by, removed: true, at }), fx);
    expect((await groups.get(s.tenantId, s.id, JID))?.member).toBe(false);
    expect((await groups.list(s.tenantId, s.id, { limit: 10 })).items).toEqual([]);
    expect(fx.frames[0]?.data).toMatchObject({ event: "group.left", group: null });
  });

  it("ignore an event of a session that is gone", async () => {
    const { deps, event } = await setup();
    const e = event("group.left", { groupJid: JID, by, removed: false, at: "2026-12-01T10:00:00.000Z" });
    expect(await applyGroupEvent(deps, { ...e, sessionId: newId("session") }, effects())).toBe("session_missing");
  });
});
