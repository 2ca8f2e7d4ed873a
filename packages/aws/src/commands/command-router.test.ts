import { buildCommand, newId, type SessionRecord } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { createWorkerRegistry } from "../fleet/worker-registry";
import { createWorkerInboxes } from "../sqs/worker-inboxes";
import { countSdkCalls, useTestStack } from "../testing/index";
import { createCommandRouter } from "./command-router";

const stack = useTestStack();
const calls = countSdkCalls([stack.dynamo, stack.sqs]);
const ctx = { doc: stack.doc, tableName: stack.tableName };
const TTL = 30_000;

/** A registered worker with a real inbox, and a session whose lease names it (claim expired: heartbeat decides). */
async function ownedSession(t0: Date) {
  const inboxes = createWorkerInboxes(stack.sqs, { prefix: `t-route-${Date.now().toString(36)}-` });
  const workerId = newId("worker");
  const inboxUrl = await inboxes.create(workerId.toLowerCase());
  const registry = createWorkerRegistry(ctx, "t-route-", { workerTtlMs: TTL });
  await registry.register({ id: workerId, inboxUrl, capacity: 10, startedAt: t0.toISOString() }, t0);
  const session = {
    tenantId: newId("tenant"),
    id: newId("session"),
    lease: { owner: workerId, epoch: 3, leaseUntil: new Date(t0.getTime() - 1).toISOString() },
  } as SessionRecord;
  const command = (now: Date) =>
    buildCommand("message.send_text", session, { messageId: newId("message"), to: "1@s.whatsapp.net", text: "x" }, now);
  return { session, command, registry, workerId, inboxes, inboxUrl };
}

describe("command routing to the owner's inbox (DynamoDB Local + fauxqs)", () => {
  it("reads the owner's registry item once for several commands in a row", async () => {
    const t0 = new Date();
    const { session, command, inboxes, inboxUrl } = await ownedSession(t0);
    const router = createCommandRouter({ ctx, sqs: stack.sqs, placementQueueUrl: "unused" });
    calls.reset();
    for (let i = 0; i < 3; i++) expect(await router.toOwner(session, command(t0), t0)).toBe(true);
    expect(calls.take()).toEqual({ GetItem: 1, SendMessage: 3 });
    await inboxes.delete(inboxUrl);
  });

  it("reads the item again when the cached copy says the owner is dead, and routes once a heartbeat came", async () => {
    const t0 = new Date();
    const { session, command, registry, workerId, inboxes, inboxUrl } = await ownedSession(t0);
    const router = createCommandRouter({ ctx, sqs: stack.sqs, placementQueueUrl: "unused" });
    expect(await router.toOwner(session, command(t0), t0)).toBe(true);
    // past the cached liveUntil: the cache is not trusted for "dead"
    const later = new Date(t0.getTime() + TTL - 100);
    await registry.heartbeat(workerId, { load: 1, state: "running" }, later);
    const after = new Date(t0.getTime() + TTL + 500);
    calls.reset();
    expect(await router.toOwner(session, command(after), after)).toBe(true);
    expect(calls.take()).toEqual({ GetItem: 1, SendMessage: 1 });
    // and a lapsed heartbeat, read fresh, is no owner
    const dead = new Date(later.getTime() + TTL + 1);
    expect(await router.toOwner(session, command(dead), dead)).toBe(false);
    await inboxes.delete(inboxUrl);
  });

  it("forgets an owner whose inbox is gone (drained), so the next command reads the registry again", async () => {
    const t0 = new Date();
    const { session, command, inboxes, inboxUrl } = await ownedSession(t0);
    const router = createCommandRouter({ ctx, sqs: stack.sqs, placementQueueUrl: "unused" });
    expect(await router.toOwner(session, command(t0), t0)).toBe(true);
    await inboxes.delete(inboxUrl);
    expect(await router.toOwner(session, command(t0), t0)).toBe(false);
    calls.reset();
    expect(await router.toOwner(session, command(t0), t0)).toBe(false);
    expect(calls.take()).toMatchObject({ GetItem: 1 });
  });

  it("with ownerCacheMs 0 reads the registry on every command", async () => {
    const t0 = new Date();
    const { session, command, inboxes, inboxUrl } = await ownedSession(t0);
    const router = createCommandRouter({ ctx, sqs: stack.sqs, placementQueueUrl: "unused", ownerCacheMs: 0 });
    calls.reset();
    for (let i = 0; i < 2; i++) expect(await router.toOwner(session, command(t0), t0)).toBe(true);
    expect(calls.take()).toEqual({ GetItem: 2, SendMessage: 2 });
    await inboxes.delete(inboxUrl);
  });
});
