import { stackClients, useTestStack } from "@wharf/aws/testing";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";

/**
 * Opening stored sessions costs the peer as few round trips as DESIGN §4 allows: the claim
 * is the one conditional update that also returns the session (no read of it first), the
 * creds of sessions opening together come in shared BatchGetItem calls, and the placement
 * messages are deleted in batches. Fencing is unchanged: the epoch still moves on.
 */
const stack = useTestStack();
const clients = stackClients(stack);
const SESSIONS = 4;
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;

// every DynamoDB and SQS call of the in-process workers, with the item it names
const calls: Array<{ op: string; sk?: string; queue?: string }> = [];
let watching = false;
for (const c of [clients.dynamo, clients.sqs])
  (c.middlewareStack as { add(m: unknown, o: { step: "initialize"; name: string }): void }).add(
    (next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) => async (a: unknown) => {
      type Input = {
        Key?: { sk?: string };
        RequestItems?: Record<string, { Keys?: { sk?: string }[] }>;
        QueueUrl?: string;
      };
      const { input } = a as { input: Input };
      if (watching) {
        const op = (ctx.commandName ?? "").replace(/Command$/, "");
        if (input.Key) calls.push({ op, sk: input.Key.sk });
        else if (input.RequestItems)
          for (const r of Object.values(input.RequestItems)) for (const k of r.Keys ?? []) calls.push({ op, sk: k.sk });
        else calls.push({ op, ...(input.QueueUrl ? { queue: input.QueueUrl } : {}) });
      }
      return next(a);
    },
    { step: "initialize", name: "storedOpenCalls" },
  );

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, clients, { simUrl: sim.url });
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

describe("opening handed-over sessions", () => {
  it("claims each with one update, reads the creds in shared batches and deletes placements in batches", async () => {
    const first = await h.startWorker();
    const linked: Array<{ s: { tenantId: string; sessionId: string }; epoch: number }> = [];
    for (let i = 0; i < SESSIONS; i++) {
      const s = await h.createSession();
      await h.place(s, { method: "qr" });
      const open = await linkSessionByQr(h, sim, s, sim.createAccount().id);
      linked.push({ s, epoch: open.epoch });
    }
    const peer = await h.startWorker();
    const mark = h.events.length;
    watching = true;
    await first.drain();
    for (const l of linked)
      await h.events.waitFor(l.s.sessionId, "session.status", (e) => e.data.status === "open" && e.epoch > l.epoch, {
        after: mark,
        timeoutMs: 30_000,
      });
    watching = false;
    expect(peer.sessionIds().sort()).toEqual(linked.map((l) => l.s.sessionId).sort());

    const count = (op: string, sk?: string) => calls.filter((c) => c.op === op && (!sk || c.sk === sk)).length;
    const placementCalls = (op: string) => calls.filter((c) => c.op === op && c.queue === h.queues.placementUrl).length;
    // the session item is claimed, never read first (the draining worker's writes are updates too)
    expect(count("GetItem", "SESSION")).toBe(0);
    // every creds read went through the shared reader
    expect(count("GetItem", "AUTH#CREDS")).toBe(0);
    expect(count("BatchGetItem", "AUTH#CREDS")).toBe(SESSIONS);
    // placements: deleted in DeleteMessageBatch calls, never one by one
    expect(placementCalls("DeleteMessage")).toBe(0);
    expect(placementCalls("DeleteMessageBatch")).toBeGreaterThan(0);
    for (const l of linked)
      expect((await h.sessions.get(l.s.tenantId, l.s.sessionId))?.lease).toMatchObject({
        owner: peer.id,
        epoch: l.epoch + 1,
      });
  });
});
