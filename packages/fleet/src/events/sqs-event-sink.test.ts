import { ReceiveMessageCommand, DeleteMessageCommand } from "@aws-sdk/client-sqs";
import { createEventOutbox, createSqsClient, ensureQueue, LOCAL_CREDENTIALS, SqsQueue } from "@wharf/aws";
import { useTestStack } from "@wharf/aws/testing";
import type { FleetEvent } from "@wharf/contracts";
import { newId, type QueueSender } from "@wharf/core";
import { InMemoryEventOutbox, InMemoryQueue } from "@wharf/core/testing";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { buildEvent } from "./event-sink";
import { SqsEventSink } from "./sqs-event-sink";

const logger = pino({ level: "silent" });
const health = { lastConnectedAt: null, lastMessageAt: null, reconnectCount: 0, reconnectsLast5m: 0 };

/** A session.status event whose account name numbers it (with an emoji: any text must survive). */
function event(tenantId: string, sessionId: string, n: number): FleetEvent {
  return buildEvent(
    "session.status",
    { tenantId, sessionId, epoch: 1 },
    { status: "open", phone: null, accountName: `n${n} 😀`, disconnect: null, health },
    new Date(),
  );
}
const T1 = newId("tenant");
const S = Array.from({ length: 6 }, () => newId("session"));
const numberOf = (e: FleetEvent) => Number(((e.data as { accountName: string }).accountName.match(/^n(\d+)/) ?? [])[1]);

/** The queue as the sink sees it: `down` makes every send throw, as an SQS outage does. */
function switchable<T>(up: QueueSender<T>, down: QueueSender<T>) {
  const s = { down: false };
  const sender: QueueSender<T> = {
    send: (b, o) => (s.down ? down : up).send(b, o),
    sendBatch: (b) => (s.down ? down : up).sendBatch(b),
  };
  return { sender, state: s };
}

async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const sinks: SqsEventSink[] = [];
afterEach(() => {
  for (const s of sinks.splice(0)) s.stop();
});
function sinkOver(queue: QueueSender<FleetEvent>, outbox: InMemoryEventOutbox | ReturnType<typeof createEventOutbox>) {
  const sink = new SqsEventSink(queue, outbox, logger, { attempts: 2, baseDelayMs: 5, replayEveryMs: 20 });
  sinks.push(sink);
  return sink;
}

describe("event sink with a durable outbox (in memory)", () => {
  const failing: QueueSender<FleetEvent> = {
    send: async () => {
      throw new Error("SQS unavailable");
    },
    sendBatch: async () => {
      throw new Error("SQS unavailable");
    },
  };

  it("keeps what SQS refuses in the outbox and replays it in order before the session's next event", async () => {
    const queue = new InMemoryQueue<FleetEvent>();
    const { sender, state } = switchable(queue, failing);
    const outbox = new InMemoryEventOutbox();
    const sink = sinkOver(sender, outbox);
    state.down = true;
    for (let n = 1; n <= 3; n++) await sink.publish(event(T1, S[1]!, n));
    expect(queue.pending).toHaveLength(0);
    expect((await outbox.oldest(T1, S[1]!, 10)).map((e) => numberOf(e.event))).toEqual([1, 2, 3]);
    state.down = false;
    await sink.publish(event(T1, S[1]!, 4));
    expect(queue.pending.map(numberOf)).toEqual([1, 2, 3, 4]);
    expect(outbox.size()).toBe(0);
  });

  it("replays a backlog on its own once SQS is back, with no newer event", async () => {
    const queue = new InMemoryQueue<FleetEvent>();
    const { sender, state } = switchable(queue, failing);
    const outbox = new InMemoryEventOutbox();
    const sink = sinkOver(sender, outbox);
    state.down = true;
    await sink.publish(event(T1, S[2]!, 1));
    await sink.publish(event(T1, S[2]!, 2));
    state.down = false;
    await until("the replay", () => queue.pending.length === 2);
    expect(queue.pending.map(numberOf)).toEqual([1, 2]);
    expect(sink.hasBacklog()).toBe(false);
  });

  it("a new owner replays the outbox a crashed one left before publishing its own events", async () => {
    const queue = new InMemoryQueue<FleetEvent>();
    const outbox = new InMemoryEventOutbox();
    const crashed = sinkOver(failing, outbox);
    await crashed.publish(event(T1, S[3]!, 1));
    crashed.stop();
    const next = sinkOver(queue, outbox);
    await next.publish(event(T1, S[3]!, 2));
    expect(queue.pending.map(numberOf)).toEqual([1, 2]);
  });

  it("holds an event while neither SQS nor the outbox answers, and publishes it when one is back", async () => {
    const queue = new InMemoryQueue<FleetEvent>();
    const { sender, state } = switchable(queue, failing);
    const outbox = new InMemoryEventOutbox();
    const sink = sinkOver(sender, outbox);
    state.down = true;
    outbox.failing = true;
    const published = sink.publish(event(T1, S[4]!, 1));
    const after = sink.publish(event(T1, S[4]!, 2));
    await new Promise((r) => setTimeout(r, 50));
    outbox.failing = false;
    await Promise.all([published, after]);
    state.down = false;
    await until("the replay", () => queue.pending.length === 2);
    expect(queue.pending.map(numberOf)).toEqual([1, 2]);
  });

  it("sends events of sessions published at the same moment in one batch, each session's in order", async () => {
    const queue = new InMemoryQueue<FleetEvent>();
    const calls: number[] = [];
    const counting: QueueSender<FleetEvent> = {
      send: (b, o) => {
        calls.push(1);
        return queue.send(b, o);
      },
      sendBatch: (b) => {
        calls.push(b.length);
        return queue.sendBatch(b);
      },
    };
    const sink = sinkOver(counting, new InMemoryEventOutbox());
    const sessions = [newId("session"), newId("session"), newId("session")];
    await Promise.all(sessions.flatMap((s) => [1, 2].map((n) => sink.publish(event(T1, s, n)))));
    // each session's second event waits for its first: two batches of three, not six sends
    expect(calls).toEqual([3, 3]);
    for (const s of sessions) expect(queue.pending.filter((e) => e.sessionId === s).map(numberOf)).toEqual([1, 2]);
  });

  it("refuses an event that fails its schema", async () => {
    const sink = sinkOver(new InMemoryQueue<FleetEvent>(), new InMemoryEventOutbox());
    await expect(sink.publish({ ...event(T1, S[5]!, 1), type: "nope" } as never)).rejects.toThrow();
  });
});

describe("event sink over fauxqs and DynamoDB Local, through an SQS outage", () => {
  it("delivers every event produced while SQS was unreachable once it is back, in order per session, once", async () => {
    const stack = useTestStack();
    const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
    const queueUrl = await ensureQueue(stack.sqs, `t-${tag}-events.fifo`);
    const up = new SqsQueue<FleetEvent>({ client: stack.sqs, queueUrl });
    // the same queue through an endpoint where nothing listens: every send fails to connect
    const deadClient = createSqsClient({
      region: stack.region,
      endpoint: "http://127.0.0.1:9",
      credentials: LOCAL_CREDENTIALS,
    });
    const down = new SqsQueue<FleetEvent>({ client: deadClient, queueUrl });
    const { sender, state } = switchable(up, down);
    const outbox = createEventOutbox({ doc: stack.doc, tableName: stack.tableName });
    const sink = sinkOver(sender, outbox);
    const tenantId = newId("tenant");
    const [a, b] = [newId("session"), newId("session")];

    state.down = true;
    const produced: FleetEvent[] = [];
    for (let n = 1; n <= 6; n++) {
      const e = event(tenantId, n % 3 === 0 ? b : a, n);
      produced.push(e);
      await sink.publish(e);
    }
    expect((await outbox.oldest(tenantId, a, 10)).map((e) => e.event.id)).toEqual(
      produced.filter((e) => e.sessionId === a).map((e) => e.id),
    );
    expect(await outbox.oldest(tenantId, b, 10)).toHaveLength(2);

    state.down = false;
    const newest = event(tenantId, a, 7);
    produced.push(newest);
    await sink.publish(newest);

    const received: FleetEvent[] = [];
    await until("every event on the queue", async () => {
      const res = await stack.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      for (const m of res.Messages ?? []) {
        received.push(JSON.parse(m.Body!) as FleetEvent);
        await stack.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
      }
      return received.length >= produced.length;
    });
    const empty = await stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
    expect(empty.Messages ?? []).toHaveLength(0);
    for (const s of [a, b]) {
      expect(received.filter((e) => e.sessionId === s).map((e) => e.id)).toEqual(
        produced.filter((e) => e.sessionId === s).map((e) => e.id),
      );
    }
    expect(received.find((e) => e.id === newest.id)?.data).toMatchObject({ accountName: "n7 😀" });
    expect(await outbox.oldest(tenantId, a, 10)).toEqual([]);
    expect(await outbox.oldest(tenantId, b, 10)).toEqual([]);
    deadClient.destroy();
  });
});
