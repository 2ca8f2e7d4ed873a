import { FencedError, newId, type OrphanedSession } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { FleetCommand } from "@wharf/contracts";
import { useTestStack } from "../testing/index";
import { describe, expect, it } from "vitest";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "../dynamo/keys";
import { transactCoalescer } from "../dynamo/transact-coalescer";
import { claimSessionLease, releaseSessionLease } from "../stores/session-lease";
import { createSessionStore } from "../stores/session-store";
import { queueUrl } from "../sqs/ensure-queue";
import { createWorkerInboxes } from "../sqs/worker-inboxes";
import { createOrphanedSessionSource, createOrphanStatusWriter } from "./orphaned-sessions";
import { createSessionOwnerState } from "./session-owner-state";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const sessions = createSessionStore(ctx);

describe("session owner state (DynamoDB)", () => {
  it("writes the patch under the current lease and refuses a stale epoch with FencedError", async () => {
    const s = sessionRecord(newId("tenant"), { desiredState: "connected" });
    await sessions.create(s);
    const target = { tenantId: s.tenantId, sessionId: s.id };
    const now = new Date();
    const first = await claimSessionLease(ctx, { ...target, owner: "wrk_a", now, ttlMs: 30_000 });
    const second = await claimSessionLease(ctx, { ...target, owner: "wrk_a", now, ttlMs: 30_000 });
    if (first.status !== "claimed" || second.status !== "claimed") throw new Error("lease not claimed");
    const state = createSessionOwnerState(ctx);
    await state.write(
      target,
      { owner: "wrk_a", epoch: second.lease.epoch },
      { status: "open", phone: "+4915100000000", lastDisconnect: undefined },
      now,
    );
    expect(await sessions.get(s.tenantId, s.id)).toMatchObject({
      status: "open",
      phone: "+4915100000000",
      updatedAt: now.toISOString(),
    });
    const stale = state.write(target, { owner: "wrk_a", epoch: first.lease.epoch }, { status: "failed" }, now);
    await expect(stale).rejects.toBeInstanceOf(FencedError);
    expect((await sessions.get(s.tenantId, s.id))?.status).toBe("open");
  });
});

describe("session owner writes of many sessions at once (DynamoDB)", () => {
  it("share TransactWriteItems calls, and a stale one among them alone gets its FencedError", async () => {
    const tenantId = newId("tenant");
    const now = new Date();
    const owned = [];
    for (let i = 0; i < 3; i++) {
      const s = sessionRecord(tenantId, { desiredState: "connected" });
      await sessions.create(s);
      const target = { tenantId, sessionId: s.id };
      const claim = await claimSessionLease(ctx, { ...target, owner: "wrk_a", now, ttlMs: 30_000 });
      if (claim.status !== "claimed") throw new Error("lease not claimed");
      owned.push({ target, epoch: claim.lease.epoch });
    }
    const state = createSessionOwnerState(ctx);
    const coalescer = transactCoalescer(stack.doc);
    coalescer.resetStats();
    // one turn of the event loop, as when a worker's sessions open together
    const writes = owned.map((o, i) =>
      state.write(o.target, { owner: "wrk_a", epoch: i === 1 ? o.epoch - 1 : o.epoch }, { status: "open" }, now),
    );
    const results = await Promise.allSettled(writes);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(FencedError);
    // the merged call was cancelled by the stale write; the two others went again together
    expect(coalescer.stats().callersPerCall).toEqual({ 3: 1, 2: 1 });
    const stored = await Promise.all(owned.map((o) => sessions.get(tenantId, o.target.sessionId)));
    expect(stored.map((s) => s?.status === "open")).toEqual([true, false, true]);
  });

  it("goes again when another transaction held the session item (the key writes check it)", async () => {
    const s = sessionRecord(newId("tenant"), { desiredState: "connected" });
    await sessions.create(s);
    const target = { tenantId: s.tenantId, sessionId: s.id };
    const claim = await claimSessionLease(ctx, { ...target, owner: "wrk_a", now: new Date(), ttlMs: 30_000 });
    if (claim.status !== "claimed") throw new Error("lease not claimed");
    let transactions = 0;
    // DynamoDB cancels a transaction that meets another one in flight on its item
    const doc = {
      send: (command: unknown) => {
        if (command instanceof TransactWriteCommand && transactions++ < 2)
          return Promise.reject(
            new TransactionCanceledException({
              message:
                "Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]",
              $metadata: { httpStatusCode: 400 },
              CancellationReasons: [{ Code: "TransactionConflict" }],
            }),
          );
        return stack.doc.send(command as TransactWriteCommand);
      },
    } as unknown as DynamoDBDocumentClient;
    await createSessionOwnerState({ doc, tableName: stack.tableName }).write(
      target,
      { owner: "wrk_a", epoch: claim.lease.epoch },
      { status: "open" },
      new Date(),
    );
    expect(transactions).toBe(3);
    expect((await sessions.get(s.tenantId, s.id))?.status).toBe("open");
  });
});

describe("orphaned sessions (DynamoDB)", () => {
  it("lists sessions that want a connection and have no live lease, with the lapsed epoch", async () => {
    const tenantId = newId("tenant");
    const unowned = sessionRecord(tenantId, { desiredState: "connected" });
    const expired = sessionRecord(tenantId, { desiredState: "connected" });
    const live = sessionRecord(tenantId, { desiredState: "connected" });
    const idle = sessionRecord(tenantId);
    for (const s of [unowned, expired, live, idle]) await sessions.create(s);
    await claimSessionLease(ctx, {
      tenantId,
      sessionId: expired.id,
      owner: "wrk_gone",
      now: new Date(Date.now() - 60_000),
      ttlMs: 30_000,
    });
    await claimSessionLease(ctx, { tenantId, sessionId: live.id, owner: "wrk_alive", now: new Date(), ttlMs: 30_000 });
    const found = [];
    for await (const page of createOrphanedSessionSource(ctx).pages(new Date()))
      found.push(...page.sessions.filter((o) => o.tenantId === tenantId));
    expect(found.sort((a, b) => a.sessionId.localeCompare(b.sessionId))).toEqual(
      [
        { tenantId, sessionId: unowned.id, epoch: 0, status: unowned.status, lastDisconnectReason: null },
        { tenantId, sessionId: expired.id, epoch: 1, status: expired.status, lastDisconnectReason: null },
      ].sort((a, b) => a.sessionId.localeCompare(b.sessionId)),
    );
  });
});

async function orphansOf(tenantId: string, now = new Date()) {
  const found: OrphanedSession[] = [];
  for await (const page of createOrphanedSessionSource(ctx).pages(now))
    for (const o of page.sessions) if (o.tenantId === tenantId) found.push(o);
  return found;
}

describe("the sparse index of sessions that want a connection (DynamoDB)", () => {
  it("follows every desired-state write: connect moves a session into WANTS, disconnect out to IDLE", async () => {
    const tenantId = newId("tenant");
    const s = sessionRecord(tenantId);
    await sessions.create(s);
    expect(await orphansOf(tenantId)).toEqual([]);
    await sessions.update(tenantId, s.id, { desiredState: "connected", updatedAt: new Date().toISOString() });
    expect((await orphansOf(tenantId)).map((o) => o.sessionId)).toEqual([s.id]);
    const now = new Date();
    const claim = await claimSessionLease(ctx, { tenantId, sessionId: s.id, owner: "wrk_a", now, ttlMs: 30_000 });
    if (claim.status !== "claimed") throw new Error("not claimed");
    // a live lease sorts after now: not an orphan; once it lapses it is
    expect(await orphansOf(tenantId, now)).toEqual([]);
    expect((await orphansOf(tenantId, new Date(now.getTime() + 31_000))).map((o) => o.sessionId)).toEqual([s.id]);
    await releaseSessionLease(ctx, { tenantId, sessionId: s.id, owner: "wrk_a", epoch: claim.lease.epoch });
    expect((await orphansOf(tenantId, now)).map((o) => o.epoch)).toEqual([claim.lease.epoch]);
    await createSessionOwnerState(ctx)
      .write(
        { tenantId, sessionId: s.id },
        { owner: "wrk_a", epoch: claim.lease.epoch },
        { desiredState: "disconnected" },
        now,
      )
      .catch(() => sessions.update(tenantId, s.id, { desiredState: "disconnected", updatedAt: now.toISOString() }));
    expect(await orphansOf(tenantId, new Date(now.getTime() + 60_000))).toEqual([]);
    const item = await stack.doc.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.session(tenantId, s.id) }),
    );
    expect(item.Item?.gsi2pk).toBe(keys.idleIndexPk(s.id));
  });

  it("takes in a session written before the index existed when a worker claims it", async () => {
    const tenantId = newId("tenant");
    const s = sessionRecord(tenantId, { desiredState: "connected" });
    await sessions.create(s);
    await stack.doc.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: keys.session(tenantId, s.id),
        UpdateExpression: "REMOVE gsi2pk, gsi2sk",
      }),
    );
    expect(await orphansOf(tenantId)).toEqual([]);
    const then = new Date(Date.now() - 60_000);
    await claimSessionLease(ctx, { tenantId, sessionId: s.id, owner: "wrk_old", now: then, ttlMs: 30_000 });
    expect((await orphansOf(tenantId)).map((o) => [o.sessionId, o.epoch])).toEqual([[s.id, 1]]);
  });
});

describe("owner-lost status (DynamoDB)", () => {
  const disconnect = (now: Date) => ({ code: null, reason: "owner_lost", message: "gone", at: now.toISOString() });

  it("marks an orphan reconnecting / owner_lost only while its lease is lapsed at the same epoch", async () => {
    const tenantId = newId("tenant");
    const s = sessionRecord(tenantId, { desiredState: "connected", status: "open" });
    await sessions.create(s);
    const then = new Date(Date.now() - 60_000);
    await claimSessionLease(ctx, { tenantId, sessionId: s.id, owner: "wrk_gone", now: then, ttlMs: 30_000 });
    const [orphan] = await orphansOf(tenantId);
    if (!orphan) throw new Error("no orphan");
    expect(orphan).toMatchObject({ epoch: 1, status: "open", lastDisconnectReason: null });
    const writer = createOrphanStatusWriter(ctx);
    const now = new Date();
    expect(await writer.markOwnerLost(orphan, disconnect(now), now)).toBe(true);
    expect(await sessions.get(tenantId, s.id)).toMatchObject({
      status: "reconnecting",
      lastDisconnect: disconnect(now),
    });
    expect((await orphansOf(tenantId))[0]).toMatchObject({
      status: "reconnecting",
      lastDisconnectReason: "owner_lost",
    });

    // a new owner claims (epoch 2) and writes its status: the old orphan's mark is refused
    await claimSessionLease(ctx, { tenantId, sessionId: s.id, owner: "wrk_new", now, ttlMs: 30_000 });
    await createSessionOwnerState(ctx).write(
      { tenantId, sessionId: s.id },
      { owner: "wrk_new", epoch: 2 },
      { status: "connecting" },
      now,
    );
    expect(await writer.markOwnerLost(orphan, disconnect(now), new Date(now.getTime() + 1))).toBe(false);
    expect(await writer.markOwnerLost({ ...orphan, epoch: 2 }, disconnect(now), now)).toBe(false);
    expect((await sessions.get(tenantId, s.id))?.status).toBe("connecting");
  });
});

describe("worker inboxes (SQS)", () => {
  it("creates an inbox, forwards commands in their session's group, and deletes it once", async () => {
    const prefix = `t-inbox-${Date.now().toString(36)}-`;
    const inboxes = createWorkerInboxes(stack.sqs, { prefix });
    const workerId = newId("worker");
    const url = await inboxes.create(workerId);
    expect(url).toContain(`${prefix}${workerId}.fifo`);
    const cmd = FleetCommand.parse({
      id: newId("command"),
      type: "session.request_qr",
      v: 1,
      tenantId: newId("tenant"),
      sessionId: newId("session"),
      epoch: 0,
      at: new Date().toISOString(),
      data: {},
    });
    await inboxes.forward(url, cmd);
    const [m] = await inboxes.receiver(url).receive({ max: 10, waitSeconds: 1 });
    expect(m && { body: JSON.parse(m.body), groupId: m.groupId }).toEqual({ body: cmd, groupId: cmd.sessionId });
    expect(await inboxes.delete(url)).toBe(true);
    expect(await inboxes.delete(url)).toBe(false);
    await expect(queueUrl(stack.sqs, `${prefix}${workerId}.fifo`)).rejects.toThrow();
  });

  it("returns no messages from a poll cut short", async () => {
    const inboxes = createWorkerInboxes(stack.sqs, { prefix: `t-inbox-${Date.now().toString(36)}-` });
    const url = await inboxes.create(newId("worker"));
    const abort = new AbortController();
    const poll = inboxes.receiver(url).receive({ max: 10, waitSeconds: 20, signal: abort.signal });
    abort.abort();
    expect(await poll).toEqual([]);
    await inboxes.delete(url);
  });
});
