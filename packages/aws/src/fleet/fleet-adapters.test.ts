import { FencedError, newId } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { FleetCommand } from "@wharf/contracts";
import { useTestStack } from "../testing/index";
import { describe, expect, it } from "vitest";
import { claimSessionLease } from "../stores/session-lease";
import { createSessionStore } from "../stores/session-store";
import { queueUrl } from "../sqs/ensure-queue";
import { createWorkerInboxes } from "../sqs/worker-inboxes";
import { createOrphanedSessionSource } from "./orphaned-sessions";
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
        { tenantId, sessionId: unowned.id, epoch: 0 },
        { tenantId, sessionId: expired.id, epoch: 1 },
      ].sort((a, b) => a.sessionId.localeCompare(b.sessionId)),
    );
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
