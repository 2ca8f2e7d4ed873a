import type { GroupMetadata, GroupParticipant } from "@whiskeysockets/baileys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../simulator";
import { signatureChecks } from "../signal/verified-signatures";
import { createTrustedSimulator, linkByQr, type SimClient } from "../testing";

let sim: Simulator;
const clients: SimClient[] = [];

beforeAll(async () => {
  sim = await createTrustedSimulator();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await sim.close();
});

const linked = async (): Promise<{ id: string; phone: string; client: SimClient }> => {
  const account = sim.createAccount();
  const client = await linkByQr(sim, account.id);
  clients.push(client);
  return { id: account.id, phone: account.phone, client };
};

/** Records the client's group events (Baileys emits them from w:gp2 notifications). */
const recordGroupEvents = (client: SimClient) => {
  const participants: Array<{ id: string; action: string; participants: GroupParticipant[] }> = [];
  const updates: Array<Partial<GroupMetadata>> = [];
  const upserts: GroupMetadata[] = [];
  client.sock.ev.on("group-participants.update", (u) => participants.push(u));
  client.sock.ev.on("groups.update", (u) => updates.push(...u));
  client.sock.ev.on("groups.upsert", (u) => upserts.push(...u));
  return { participants, updates, upserts };
};

const pnOf = (p: GroupParticipant) => p.phoneNumber?.replace("@s.whatsapp.net", "");

describe("groups the linked account manages", () => {
  it("are created with members, read back as metadata and listed among participating groups", async () => {
    const { client, phone } = await linked();
    const created = await client.sock.groupCreate("Team Berlin", ["4915100000001@s.whatsapp.net"]);
    expect(created.id).toMatch(/^[0-9]+@g\.us$/);
    expect(created.subject).toBe("Team Berlin");
    expect(created.addressingMode).toBe("lid");
    const meta = await client.sock.groupMetadata(created.id);
    expect(meta.participants.map((p) => [pnOf(p), p.admin])).toEqual([
      [phone, "superadmin"],
      ["4915100000001", null],
    ]);
    const all = await client.sock.groupFetchAllParticipating();
    expect(Object.keys(all)).toContain(created.id);
  });

  it("change members with per-participant result codes, subject, description, settings and invite codes", async () => {
    const { client } = await linked();
    const { id } = await client.sock.groupCreate("Ops", ["4915100000002@s.whatsapp.net"]);
    sim.groups.refuseAdds("4915100000009", 403);
    const added = await client.sock.groupParticipantsUpdate(
      id,
      ["4915100000003@s.whatsapp.net", "4915100000002@s.whatsapp.net", "4915100000009@s.whatsapp.net"],
      "add",
    );
    expect(added.map((r) => r.status)).toEqual(["200", "409", "403"]);
    const promoted = await client.sock.groupParticipantsUpdate(id, ["4915100000003@s.whatsapp.net"], "promote");
    expect(promoted[0]?.status).toBe("200");
    const removed = await client.sock.groupParticipantsUpdate(
      id,
      ["4915100000002@s.whatsapp.net", "4915100000099@s.whatsapp.net"],
      "remove",
    );
    expect(removed.map((r) => r.status)).toEqual(["200", "404"]);
    await client.sock.groupUpdateSubject(id, "Ops (night)");
    await client.sock.groupUpdateDescription(id, "Who is on call");
    await client.sock.groupSettingUpdate(id, "announcement");
    await client.sock.groupSettingUpdate(id, "locked");
    const meta = await client.sock.groupMetadata(id);
    expect(meta).toMatchObject({ subject: "Ops (night)", desc: "Who is on call", announce: true, restrict: true });
    expect(meta.participants.map((p) => [pnOf(p), p.admin])).toContainEqual(["4915100000003", "admin"]);
    const code = await client.sock.groupInviteCode(id);
    const revoked = await client.sock.groupRevokeInvite(id);
    expect(revoked).not.toBe(code);
    expect(sim.groups.get(id.split("@")[0]!).inviteCode).toBe(revoked);
  });

  it("are refused with WhatsApp's codes: unknown group 404, not an admin 401, left group 403, bad invite 410", async () => {
    const { client } = await linked();
    await expect(client.sock.groupMetadata("120363000000000000@g.us")).rejects.toMatchObject({ data: 404 });
    const group = sim.groups.create("4915100000010", "Not mine", []);
    await expect(client.sock.groupMetadata(group.jid)).rejects.toMatchObject({ data: 403 });
    await expect(client.sock.groupAcceptInvite("nope")).rejects.toMatchObject({ data: 410 });
    const joined = await client.sock.groupAcceptInvite(group.inviteCode);
    expect(joined).toBe(group.jid);
    await expect(
      client.sock.groupParticipantsUpdate(group.jid, ["4915100000011@s.whatsapp.net"], "add"),
    ).rejects.toMatchObject({ data: 401 });
    await client.sock.groupLeave(group.jid);
    await expect(client.sock.groupMetadata(group.jid)).rejects.toMatchObject({ data: 403 });
  });
});

describe("changes other members make", () => {
  it("reach the account's device as group events: create, add, promote, subject, settings, removal of the account", async () => {
    const { client, phone } = await linked();
    const events = recordGroupEvents(client);
    const group = sim.groups.create("4915100000020", "Family", [phone]);
    await expect.poll(() => events.upserts.map((g) => g.subject)).toEqual(["Family"]);
    sim.groups.participants(group.id, "4915100000020", "add", ["4915100000021"]);
    sim.groups.participants(group.id, "4915100000020", "promote", [phone]);
    sim.groups.setSubject(group.id, "4915100000020", "Family 2026");
    // Baileys' event buffer keeps only the first groups.update per group of one flush: one at a time
    await expect.poll(() => events.updates.map((u) => u.subject)).toContain("Family 2026");
    sim.groups.setSetting(group.id, "4915100000020", "announcement");
    await expect.poll(() => events.updates.map((u) => u.announce)).toContain(true);
    sim.groups.participants(group.id, "4915100000020", "remove", [phone]);
    await expect
      .poll(() => events.participants.map((e) => [e.action, e.participants.map(pnOf)]))
      .toEqual([
        ["add", ["4915100000021"]],
        ["promote", [phone]],
        ["remove", [phone]],
      ]);
  });
});

describe("group messages", () => {
  it("from a member arrive with the group as chat, the author's LID, phone and push name, and decrypt (sender keys)", async () => {
    const { id, client, phone } = await linked();
    const group = sim.groups.create("4915100000030", "Chat", [phone, "4915100000031"]);
    const [first] = sim.groups.post(
      group.id,
      "4915100000031",
      { type: "text", text: "hallo alle" },
      { pushName: "Jo" },
    );
    const second = sim.groups.post(group.id, "4915100000030", { type: "text", text: "und noch was" });
    const got = await client.waitForMessage((u) => u.message.key.id === first!.id);
    expect(got.message.key).toMatchObject({
      remoteJid: group.jid,
      fromMe: false,
      participantAlt: "4915100000031@s.whatsapp.net",
    });
    expect(got.message.key.participant).toMatch(/@lid$/);
    expect(got.message.pushName).toBe("Jo");
    expect(got.message.message?.conversation).toBe("hallo alle");
    const next = await client.waitForMessage((u) => u.message.key.id === second[0]!.id);
    expect(next.message.message?.conversation).toBe("und noch was");
    // a second message from the first author goes out without the sender key again
    const again = sim.groups.post(group.id, "4915100000031", { type: "text", text: "drei" });
    expect((await client.waitForMessage((u) => u.message.key.id === again[0]!.id)).message.message?.conversation).toBe(
      "drei",
    );
    await expect.poll(() => sim.inbox(id).map((m) => m.status)).toEqual(["delivered", "delivered", "delivered"]);
  });

  it("the account sends are decrypted by every simulated member and acknowledged", async () => {
    const { id, client } = await linked();
    const { id: jid } = await client.sock.groupCreate("Outbound", [
      "4915100000040@s.whatsapp.net",
      "4915100000041@s.whatsapp.net",
    ]);
    const receipts: Array<{ key: { id?: string | null } }> = [];
    client.sock.ev.on("message-receipt.update", (u) => receipts.push(...u));
    const sent = await client.sock.sendMessage(jid, { text: "hello group" });
    const second = await client.sock.sendMessage(jid, { text: "second" });
    await expect
      .poll(() => sim.received(id).map((m) => [m.group, m.text]))
      .toEqual([
        [jid.split("@")[0], "hello group"],
        [jid.split("@")[0], "second"],
      ]);
    expect(sent?.key.remoteJid).toBe(jid);
    // members' phones report delivery per participant (message-receipt.update), as in groups
    await expect.poll(() => receipts.filter((r) => r.key.id === second!.key.id).length).toBe(2);
    expect(sim.received(id).map((m) => m.status)).toEqual(["delivered", "delivered"]);
    expect(sim.received(id)[0]?.decryptedBy).toEqual(["4915100000040", "4915100000041"]);
  });

  it("a send to a large group checks its signature once, however many members decrypt it", async () => {
    const { id, client } = await linked();
    const members = Array.from({ length: 24 }, (_, i) => `49151000006${String(i).padStart(2, "0")}`);
    const { id: jid } = await client.sock.groupCreate(
      "Many",
      members.map((pn) => `${pn}@s.whatsapp.net`),
    );
    const before = { ...signatureChecks };
    await client.sock.sendMessage(jid, { text: "to all" });
    await expect.poll(() => sim.received(id)[0]?.decryptedBy?.length).toBe(members.length);
    expect(sim.received(id)[0]?.text).toBe("to all");
    expect(signatureChecks.verified - before.verified).toBe(1);
    expect(signatureChecks.remembered - before.remembered).toBe(members.length - 1);
  });

  it("an account that is no member cannot send: the metadata lookup is refused with 403", async () => {
    const { id, client } = await linked();
    const group = sim.groups.create("4915100000050", "Closed", ["4915100000051"]);
    await expect(client.sock.sendMessage(group.jid, { text: "let me in" })).rejects.toMatchObject({ data: 403 });
    expect(sim.received(id)).toEqual([]);
  });
});

describe("the admin API for groups", () => {
  it("creates a group, makes a member post an image, changes the subject, and answers machine codes", async () => {
    const { id, phone, client } = await linked();
    const post = (path: string, body: unknown, method = "POST") =>
      fetch(`${sim.adminUrl}${path}`, { method, body: JSON.stringify(body) });
    const created = await post("/groups", { creator: "4915100000060", subject: "Admin made", members: [phone] });
    expect(created.status).toBe(201);
    const group = (await created.json()) as { id: string; jid: string };
    const image = await post(`/groups/${group.id}/members/4915100000060/messages/image`, { caption: "look" });
    expect(image.status).toBe(202);
    const [record] = ((await image.json()) as { messages: Array<{ id: string }> }).messages;
    const got = await client.waitForMessage((u) => u.message.key.id === record!.id);
    expect(got.message.message?.imageMessage?.caption).toBe("look");
    expect(
      (await post(`/groups/${group.id}/subject`, { actor: "4915100000060", subject: "Renamed" }, "PUT")).status,
    ).toBe(200);
    const notAdmin = await post(`/groups/${group.id}/participants`, {
      actor: phone,
      action: "add",
      participants: ["4915100000061"],
    });
    expect([notAdmin.status, ((await notAdmin.json()) as { error: { code: string } }).error.code]).toEqual([
      403,
      "not_admin",
    ]);
    const unknown = await post("/groups/120363000000000001/subject", { actor: phone, subject: "x" }, "PUT");
    expect([unknown.status, ((await unknown.json()) as { error: { code: string } }).error.code]).toEqual([
      404,
      "group_not_found",
    ]);
    const stranger = await post(`/groups/${group.id}/members/4915100000062/messages/text`, { text: "hi" });
    expect(stranger.status).toBe(403);
    const listed = (await (await fetch(`${sim.adminUrl}/accounts/${id}/groups`)).json()) as {
      groups: Array<{ subject: string }>;
    };
    expect(listed.groups.map((g) => g.subject)).toEqual(["Renamed"]);
  });
});
