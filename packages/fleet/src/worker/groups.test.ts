import { createS3MediaObjects } from "@wharf/aws";
import { useTestStack } from "@wharf/aws/testing";
import type { OperationName, OperationParams, OutboundContent } from "@wharf/contracts";
import { newId } from "@wharf/core";
import { simulatorMediaCaPem } from "@wharf/wa-sim";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waMessageIdFor } from "../session/wa-message-id";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";

const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;
let account: ReturnType<typeof sim.createAccount>;
let s: { tenantId: string; sessionId: string };

const ADMIN = "4915100000700";
const MEMBER = "4915100000701";

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  h.media = { objects: createS3MediaObjects(stack.s3, stack.mediaBucket), caPem: simulatorMediaCaPem() };
  await h.startWorker();
  account = sim.createAccount();
  s = await h.createSession({
    pacing: { messagesPerMinute: 600, burst: 100, dailyCap: 1000, typingSimulation: false },
  });
  await h.place(s, { method: "qr" });
  await linkSessionByQr(h, sim, s, account.id);
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

async function send(to: string, content: OutboundContent) {
  const messageId = newId("message");
  await h.command(s, "message.send", { messageId, to, content });
  const e = await h.events.waitFor(
    s.sessionId,
    "message.status",
    (m) => m.data.messageId === messageId && (m.data.status === "sent" || m.data.status === "failed"),
  );
  return { waMessageId: waMessageIdFor(messageId), event: e };
}

/** Sends one session.operation to the owner and waits for its outcome. */
async function operate<N extends OperationName>(op: N, params: OperationParams<N>) {
  const operationId = newId("operation");
  await h.command(s, "session.operation", { operationId, op, params } as never);
  const e = await h.events.waitFor(s.sessionId, "operation.completed", (m) => m.data.operationId === operationId);
  return e.data.outcome as { ok: boolean; result?: Record<string, unknown>; code?: string };
}

const onPhone = (waMessageId: string) => sim.received(account.id).find((r) => r.id === waMessageId);

describe("groups through the worker", () => {
  it("reports joining a group with its metadata, a member's message with its author, and each change as a typed event", async () => {
    const group = sim.groups.create(ADMIN, "Lager Nord", [account.phone, MEMBER]);
    const joined = await h.events.waitFor(s.sessionId, "group.joined", (e) => e.data.groupJid === group.jid);
    expect(joined.data.group).toMatchObject({ subject: "Lager Nord", participantCount: 3, announce: false });
    expect(joined.data.by.phone).toBe(ADMIN);
    expect(joined.data.group.participants.map((p) => [p.phone, p.admin])).toEqual([
      [ADMIN, "superadmin"],
      [account.phone, null],
      [MEMBER, null],
    ]);

    const [post] = sim.groups.post(group.id, MEMBER, { type: "text", text: "Palette ist da" }, { pushName: "Mia" });
    const got = await h.events.waitFor(s.sessionId, "message.received", (e) => e.data.waMessageId === post!.id);
    expect(got.data).toMatchObject({
      chatJid: group.jid,
      senderPhone: MEMBER,
      pushName: "Mia",
      content: { kind: "text", text: "Palette ist da" },
    });
    expect(got.data.senderJid).toMatch(/@lid$/);

    sim.groups.participants(group.id, ADMIN, "add", ["4915100000702"]);
    const added = await h.events.waitFor(s.sessionId, "group.participants_added", (e) => e.data.groupJid === group.jid);
    expect(added.data.participants.map((p) => p.phone)).toEqual(["4915100000702"]);
    expect(added.data.group.participantCount).toBe(4);
    sim.groups.participants(group.id, ADMIN, "promote", [account.phone]);
    const promoted = await h.events.waitFor(s.sessionId, "group.participants_promoted", () => true);
    expect(promoted.data.participants.map((p) => [p.phone, p.admin])).toEqual([[account.phone, "admin"]]);
    sim.groups.setSubject(group.id, ADMIN, "Lager Nord (neu)");
    const subject = await h.events.waitFor(s.sessionId, "group.subject_changed", () => true);
    expect(subject.data).toMatchObject({ subject: "Lager Nord (neu)", by: { phone: ADMIN, fromMe: false } });
    sim.groups.setSetting(group.id, ADMIN, "announcement");
    const settings = await h.events.waitFor(s.sessionId, "group.settings_changed", () => true);
    expect(settings.data).toMatchObject({ announce: true, restrict: false });
    sim.groups.participants(group.id, ADMIN, "demote", [account.phone]);
    await h.events.waitFor(s.sessionId, "group.participants_demoted", () => true);
    sim.groups.participants(group.id, ADMIN, "remove", [MEMBER]);
    const removed = await h.events.waitFor(s.sessionId, "group.participants_removed", () => true);
    expect(removed.data.participants.map((p) => p.phone)).toEqual([MEMBER]);
    sim.groups.participants(group.id, ADMIN, "remove", [account.phone]);
    const left = await h.events.waitFor(s.sessionId, "group.left", (e) => e.data.groupJid === group.jid);
    expect(left.data).toMatchObject({ removed: true, by: { phone: ADMIN } });
  }, 60_000);

  it("sends every kind to a group with the same send body; a member added later gets the sender key from the refreshed metadata", async () => {
    const group = sim.groups.create(ADMIN, "Versand", [account.phone, MEMBER]);
    await h.events.waitFor(s.sessionId, "group.joined", (e) => e.data.groupJid === group.jid);
    const contents: OutboundContent[] = [
      { type: "text", text: "hello group" },
      { type: "location", latitude: 52.52, longitude: 13.4, name: "Lager" },
      { type: "contact", contacts: [{ displayName: "Ops", vcard: "BEGIN:VCARD\nVERSION:3.0\nFN:Ops\nEND:VCARD" }] },
    ];
    const sent: Array<Awaited<ReturnType<typeof send>>> = [];
    for (const content of contents) sent.push(await send(group.jid, content));
    expect(sent.map((x) => x.event.data.status)).toEqual(["sent", "sent", "sent"]);
    await expect
      .poll(() => sent.map((x) => onPhone(x.waMessageId)?.decoded?.kind))
      .toEqual(["text", "location", "contact"]);
    expect(onPhone(sent[0]!.waMessageId)).toMatchObject({ group: group.id, decryptedBy: [ADMIN, MEMBER] });

    const reaction = await send(group.jid, {
      type: "reaction",
      target: { chatJid: group.jid, waMessageId: sent[0]!.waMessageId, fromMe: true, senderJid: null },
      emoji: "👍",
    });
    expect(reaction.event.data.status).toBe("sent");

    sim.groups.participants(group.id, ADMIN, "add", ["4915100000703"]);
    await h.events.waitFor(s.sessionId, "group.participants_added", (e) => e.data.groupJid === group.jid);
    const after = await send(group.jid, { type: "text", text: "welcome" });
    await expect.poll(() => onPhone(after.waMessageId)?.decryptedBy).toEqual([ADMIN, MEMBER, "4915100000703"]);
  }, 60_000);

  it("a send to a group the account is not in fails with a reason, never silently", async () => {
    const group = sim.groups.create(ADMIN, "Fremd", [MEMBER]);
    const out = await send(group.jid, { type: "text", text: "let me in" });
    expect(out.event.data.status).toBe("failed");
    expect(onPhone(out.waMessageId)).toBeUndefined();
  }, 30_000);

  it("runs every group verb as a session operation, with per-participant results and failure words", async () => {
    const created = await operate("groups.create", {
      subject: "Ops",
      participants: [`${MEMBER}@s.whatsapp.net`, "4915100000710@s.whatsapp.net"],
    });
    expect(created).toMatchObject({ ok: true, result: { subject: "Ops", participantCount: 3 } });
    const jid = created.result!.jid as string;
    await h.events.waitFor(s.sessionId, "group.joined", (e) => e.data.groupJid === jid);
    sim.groups.refuseAdds("4915100000719", 403);
    const added = await operate("groups.participants", {
      jid,
      action: "add",
      participants: ["4915100000711@s.whatsapp.net", `${MEMBER}@s.whatsapp.net`, "4915100000719@s.whatsapp.net"],
    });
    expect((added.result!.results as Array<{ result: string }>).map((r) => r.result)).toEqual([
      "ok",
      "already_member",
      "privacy_blocked",
    ]);
    const updated = await operate("groups.update", { jid, subject: "Ops 24/7", description: "rota", announce: true });
    expect(updated.result).toMatchObject({ subject: "Ops 24/7", description: "rota", announce: true, restrict: false });
    const code = await operate("groups.invite", { jid, revoke: false });
    const revoked = await operate("groups.invite", { jid, revoke: true });
    expect(revoked.result!.code).not.toBe(code.result!.code);
    expect(revoked.result!.link).toBe(`https://chat.whatsapp.com/${revoked.result!.code}`);
    expect((await operate("groups.get", { jid })).result).toMatchObject({ jid, participantCount: 4 });
    expect(await operate("groups.leave", { jid })).toMatchObject({ ok: true, result: { jid, left: true } });
    expect(await operate("groups.get", { jid })).toMatchObject({ ok: false, code: "not_a_member" });

    const other = sim.groups.create(ADMIN, "Invite only", [MEMBER]);
    expect(await operate("groups.join", { code: "nope" })).toMatchObject({ ok: false, code: "invite_invalid" });
    const joined = await operate("groups.join", { code: other.inviteCode });
    expect(joined).toMatchObject({ ok: true, result: { jid: other.jid, subject: "Invite only" } });
    expect(
      await operate("groups.participants", {
        jid: other.jid,
        action: "remove",
        participants: [`${MEMBER}@s.whatsapp.net`],
      }),
    ).toMatchObject({ ok: false, code: "not_admin" });
    expect(await operate("groups.get", { jid: "120363000000000000@g.us" })).toMatchObject({
      ok: false,
      code: "group_not_found",
    });
  }, 60_000);
});
