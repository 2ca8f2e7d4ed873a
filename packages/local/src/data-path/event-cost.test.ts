import { countSdkCalls, type SdkCallCounter } from "@wharf/aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime, RuntimeAwsClients } from "../runtime";
import {
  apiOf,
  clients,
  inbound,
  newSession,
  newTenant,
  ownSession,
  realtimeClient,
  sendEvent,
  startTestRuntime,
  waitFor,
} from "./test-kit";

/** An answered call of the pollers' client: which, on which queue, and how many messages a receive carried. */
interface Answer {
  command: string;
  queueUrl: string;
  messages: number;
}

type Sent = { input?: { QueueUrl?: string } };
type Answered = { output?: { Messages?: unknown[] } };

/** Records each answered call of the event source's client (an answer, not a start: a poll is counted once it returns). */
function recordAnswers(client: RuntimeAwsClients["eventSource"]): Answer[] {
  const answers: Answer[] = [];
  // the stack's own types want a middleware per step; this one only looks at input and output
  (client.middlewareStack as { add(m: unknown, o: { step: "initialize"; name: string }): void }).add(
    (next: (args: Sent) => Promise<Answered>, context: { commandName?: string }) => async (args: Sent) => {
      const res = await next(args);
      answers.push({
        command: (context.commandName ?? "").replace(/Command$/, ""),
        queueUrl: String(args.input?.QueueUrl ?? ""),
        messages: res.output?.Messages?.length ?? 0,
      });
      return res;
    },
    { step: "initialize", name: "eventCostAnswers" },
  );
  return answers;
}

/**
 * What one inbound message event costs on the real local stack, by command: the events
 * handler's own calls (Wharf's code) and the pollers' (on AWS, Lambda's event source
 * mapping). A change here is a change of the data path's cost: say why in the commit.
 */
describe("SDK calls per lone inbound event on the local stack", () => {
  let rt: LocalRuntime;
  let handler: SdkCallCounter;
  let answers: Answer[];
  const { doc } = clients();
  beforeAll(async () => {
    rt = await startTestRuntime({
      onAwsClients: (c) => {
        handler = countSdkCalls([c.dynamo, c.sqs, c.s3, c.management]);
        answers = recordAnswers(c.eventSource);
      },
    });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  it("a text message alone in its batch, one dashboard connected: 5 handler calls, one receive that carries it, one delete", async () => {
    const t = await newTenant(rt);
    const sessionId = await newSession(rt, t);
    const { epoch } = await ownSession(rt, doc, t, sessionId);
    const dashboard = await realtimeClient(rt, t);
    const meta = { tenantId: t.id, sessionId, epoch };
    const deletes = () => answers.filter((a) => a.command === "DeleteMessageBatch").length;
    // the first event also learns the queue's ARN, once per poller
    const first = inbound(meta, "warm");
    await sendEvent(rt, first);
    await waitFor("first frame", async () => dashboard.frames.some((f) => f.id === first.id));
    await waitFor("first event deleted", async () => deletes() === 1);

    handler.reset();
    answers.length = 0;
    const e = inbound(meta, "counted", "4915100000002");
    await sendEvent(rt, e);
    await waitFor("frame", async () => dashboard.frames.some((f) => f.id === e.id));
    await waitFor("event deleted", async () => deletes() === 1);

    expect(handler.take()).toEqual({
      // the message, its uniqueness item and its chat, with the session's existence checked in
      // the same transaction (no session read before it)
      TransactWriteItems: 1,
      // the tenant's connections (read beside the transaction) and its webhook endpoints
      Query: 2,
      // the frame to the one dashboard
      PostToConnection: 1,
      // the applied-event marker (what tells a finished event from one a crash interrupted)
      BatchWriteItem: 1,
    });
    // one answered poll, the one carrying the event: no poll woken for nothing
    const events = answers.filter((a) => a.queueUrl === rt.queues.events);
    expect(events).toEqual([
      { command: "ReceiveMessage", queueUrl: rt.queues.events, messages: 1 },
      { command: "DeleteMessageBatch", queueUrl: rt.queues.events, messages: 0 },
    ]);
    const listed = await apiOf(rt).call("GET", `/v1/sessions/${sessionId}/chats/4915100000002/messages`, {
      key: t.key,
    });
    expect(listed.body.data.map((m: { text: string }) => m.text)).toEqual(["counted"]);
    dashboard.close();
  });
});
