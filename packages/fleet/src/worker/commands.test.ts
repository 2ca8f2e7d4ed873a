import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { claimSessionLease, createCommandLedger, createMessageStore, encodeQueueBody } from "@wharf/aws";
import { useTestStack } from "@wharf/aws/testing";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baileysCodec } from "../session/baileys-auth";
import { waMessageIdFor } from "../session/wa-message-id";
import { DynamoAuthStateStore } from "@wharf/aws";
import { FencedError, newId } from "@wharf/core";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";
import type { FleetWorker } from "./worker";

const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;
let worker: FleetWorker;

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  worker = await h.startWorker();
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

async function linked() {
  const account = sim.createAccount();
  const s = await h.createSession();
  await h.place(s, { method: "qr" });
  const open = await linkSessionByQr(h, sim, s, account.id);
  return { account, s, open };
}

const storeFor = (s: { tenantId: string; sessionId: string }, fence: { owner: string; epoch: number }) =>
  new DynamoAuthStateStore({ ctx: h.ctx, ...s, keyring: h.keyring, codec: baileysCodec, fence: () => fence });

describe("session commands", () => {
  it("disconnect keeps the auth state; a later connect resumes without a QR", async () => {
    const { account, s } = await linked();
    let mark = h.events.length;
    await h.command(s, "session.disconnect", {});
    await h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "disconnected", { after: mark });
    await expect
      .poll(async () => (await h.sessions.get(s.tenantId, s.sessionId))?.lease.owner, { timeout: 5_000 })
      .toBeNull();
    expect(await h.sessions.get(s.tenantId, s.sessionId)).toMatchObject({
      status: "disconnected",
      desiredState: "disconnected",
    });
    await expect.poll(() => sim.getAccount(account.id).online).toBe(false);
    expect(sim.getAccount(account.id).linked).toBe(true);

    // nobody owns it now: the connect goes to any worker's inbox, which takes the session
    mark = h.events.length;
    await h.commandTo(worker.inboxUrl!, s, "session.connect", { method: "qr" });
    await h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "open", { after: mark });
    expect(h.events.of(s.sessionId).filter((e) => e.type === "session.qr")).toHaveLength(1);
  });

  it("logout unlinks the device at WhatsApp and clears the auth state", async () => {
    const { account, s, open } = await linked();
    const mark = h.events.length;
    await h.command(s, "session.logout", {});
    const out = await h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "logged_out", {
      after: mark,
    });
    expect(out.data.phone).toBeNull();
    await expect.poll(() => sim.getAccount(account.id).linked, { timeout: 5_000 }).toBe(false);
    expect(await storeFor(s, { owner: "-", epoch: open.epoch }).readCreds()).toBeNull();
    expect(await h.sessions.get(s.tenantId, s.sessionId)).toMatchObject({
      status: "logged_out",
      desiredState: "disconnected",
      phone: null,
    });
  });

  it("request_qr starts a fresh QR flow for a session that is not linked yet", async () => {
    const s = await h.createSession();
    await h.place(s, { method: "qr" });
    const first = await h.events.waitFor(s.sessionId, "session.qr");
    const mark = h.events.length;
    await h.command(s, "session.request_qr", {});
    const next = await h.events.waitFor(s.sessionId, "session.qr", () => true, { after: mark });
    expect(next.data.qr).not.toBe(first.data.qr);
    // and that QR links
    const account = sim.createAccount();
    await sim.scanQr(account.id, next.data.qr);
    await h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "open", { after: mark });
  });

  it("a send a dead worker had taken ends failed with a reason, not queued, and is not sent twice", async () => {
    const { account, s } = await linked();
    const messageId = newId("message");
    const at = new Date().toISOString();
    await createMessageStore(h.ctx).recordOutbound(
      {
        id: messageId,
        ...s,
        chatJid: "4915100000999@s.whatsapp.net",
        direction: "out",
        content: { kind: "text", text: "taken, then the worker died" },
        status: "queued",
        failure: null,
        waMessageId: null,
        from: null,
        pushName: null,
        timestamp: at,
        createdAt: at,
        updatedAt: at,
        eventId: null,
      },
      { jid: "4915100000999@s.whatsapp.net", at, text: null, direction: "out", name: null, phone: null },
    );
    // the dead worker recorded the command in the ledger, then died; its inbox copy came back
    const commandId = newId("command");
    const cmd = { id: commandId, ...s, type: "message.send_text" };
    expect(await createCommandLedger(h.ctx).begin(cmd, new Date())).toBe(true);
    const mark = h.events.length;
    await h.commandTo(
      worker.inboxUrl!,
      s,
      "message.send_text",
      { messageId, to: "+4915100000999", text: "taken, then the worker died" },
      commandId,
    );

    const failed = await h.events.waitFor(s.sessionId, "message.status", (e) => e.data.messageId === messageId, {
      after: mark,
    });
    expect(failed.data).toMatchObject({ status: "failed", failure: { code: "send_interrupted" } });
    expect(sim.received(account.id).some((r) => r.id === waMessageIdFor(messageId))).toBe(false);
  });

  it("a late copy of a send this worker already ran is dropped, not failed as interrupted", async () => {
    const { s } = await linked();
    const queued = async (text: string) => {
      const messageId = newId("message");
      const at = new Date().toISOString();
      const chatJid = "4915100000998@s.whatsapp.net";
      await createMessageStore(h.ctx).recordOutbound(
        {
          id: messageId,
          ...s,
          chatJid,
          direction: "out",
          content: { kind: "text", text },
          status: "queued",
          failure: null,
          waMessageId: null,
          from: null,
          pushName: null,
          timestamp: at,
          createdAt: at,
          updatedAt: at,
          eventId: null,
        },
        { jid: chatJid, at, text: null, direction: "out", name: null, phone: null },
      );
      return messageId;
    };
    const sent = (messageId: string, after: number) =>
      h.events.waitFor(s.sessionId, "message.status", (e) => e.data.messageId === messageId, { after });
    const messageId = await queued("sent once");
    const mark = h.events.length;
    const cmd = await h.commandTo(worker.inboxUrl!, s, "message.send_text", {
      messageId,
      to: "+4915100000998",
      text: "sent once",
    });
    expect((await sent(messageId, mark)).data.status).toBe("sent");
    // its inbox copy comes back (visibility lapsed) while the store still says queued: nobody
    // applies events here, as when the events consumer lags behind
    await h.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: worker.inboxUrl!,
        MessageBody: encodeQueueBody(cmd),
        MessageGroupId: s.sessionId,
        MessageDeduplicationId: `${cmd.id}-copy`,
      }),
    );
    // the session's next send runs after the copy was handled
    const next = await queued("next");
    await h.commandTo(worker.inboxUrl!, s, "message.send_text", {
      messageId: next,
      to: "+4915100000998",
      text: "next",
    });
    expect((await sent(next, mark)).data.status).toBe("sent");
    const statuses = h.events
      .of(s.sessionId)
      .filter((e) => e.type === "message.status" && e.data.messageId === messageId)
      .map((e) => (e.data as { status: string }).status);
    // sent (then the contact's delivered receipt), never failed send_interrupted
    expect(statuses[0]).toBe("sent");
    expect(statuses).not.toContain("failed");
  });

  it("a worker whose lease was stolen closes the socket at once and its auth-state writes are refused", async () => {
    const { account, s, open } = await linked();
    const before = await storeFor(s, { owner: worker.id, epoch: open.epoch }).readCreds();
    // another worker claims the lease as if it had expired (its clock is ahead): the epoch moves on
    const stolen = await claimSessionLease(h.ctx, {
      ...s,
      owner: "wrk_thief",
      now: new Date(Date.now() + 60_000),
      ttlMs: 60_000,
    });
    expect(stolen.status).toBe("claimed");

    // the stale owner's fenced write: the ConditionCheck on owner + epoch rejects it
    await expect(
      storeFor(s, { owner: worker.id, epoch: open.epoch }).writeCreds({ ...(before as object), tampered: true }),
    ).rejects.toBeInstanceOf(FencedError);
    expect(await storeFor(s, { owner: worker.id, epoch: open.epoch }).readCreds()).toEqual(before);

    // and at its next renewal the worker notices and closes the socket without writing anything
    await expect.poll(() => worker.sessionIds().includes(s.sessionId), { timeout: 5_000 }).toBe(false);
    await expect.poll(() => sim.getAccount(account.id).online, { timeout: 5_000 }).toBe(false);
    const after = await h.sessions.get(s.tenantId, s.sessionId);
    expect(after?.lease.epoch).toBe(stolen.status === "claimed" ? stolen.lease.epoch : -1);
    expect(after?.status).toBe("open"); // untouched: the stale worker wrote no status
  });
});
