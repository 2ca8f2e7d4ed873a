import { ReceiveMessageCommand, type Message } from "@aws-sdk/client-sqs";
import { DEAD_LETTER_ATTRIBUTES as A, SqsQueue } from "@wharf/aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../runtime";
import {
  apiOf,
  clients,
  inbound,
  newSession,
  newTenant,
  ownSession,
  sendEvent,
  startTestRuntime,
  waitFor,
} from "./test-kit";

/**
 * Poison messages on the real local stack: the consumers move them to their queue's DLQ at
 * once (the queues' visibility timeout is 60 s, so a retried poison event would hold its
 * FIFO group far longer than these waits).
 */
describe("poison messages (fauxqs, DynamoDB Local)", () => {
  let rt: LocalRuntime;
  const { doc, sqs } = clients();
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(async () => {
    await rt?.stop();
  });

  /** Receives from a DLQ until a message matches (and deletes what it saw, so reruns start clean). */
  async function deadLetter(queueUrl: string, match: (m: Message) => boolean): Promise<Message> {
    return waitFor(
      "dead letter",
      async () => {
        const res = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageAttributeNames: ["All"],
            MessageSystemAttributeNames: ["All"],
          }),
        );
        return (res.Messages ?? []).find(match);
      },
      30_000,
    );
  }

  it("an event that fails its schema lands in the events DLQ at once with its record, and the next event of its session is applied", async () => {
    const t = await newTenant(rt, "poison");
    const sessionId = await newSession(rt, t);
    const { epoch } = await ownSession(rt, doc, t, sessionId);
    const events = new SqsQueue<unknown>({ client: sqs, queueUrl: rt.queues.events });
    const poison = { id: "evt_not_a_real_event", type: "session.exploded", tenantId: t.id, sessionId };
    await events.send(poison, { groupId: sessionId, deduplicationId: `poison-${sessionId}` });
    await sendEvent(rt, inbound({ tenantId: t.id, sessionId, epoch }, "after the poison"));

    const page = await waitFor(
      "the next event applied",
      async () => {
        const r = await apiOf(rt).call("GET", `/v1/sessions/${sessionId}/chats/4915100000001/messages`, { key: t.key });
        return r.body.data.length > 0 ? r.body : null;
      },
      30_000,
    );
    expect(page.data[0]).toMatchObject({ direction: "in", text: "after the poison" });

    const dead = await deadLetter(rt.queues.eventsDlq, (m) => m.Attributes?.MessageGroupId === sessionId);
    expect(JSON.parse(dead.Body ?? "")).toEqual(poison);
    const attr = (name: string) => dead.MessageAttributes?.[name]?.StringValue;
    expect(attr(A.errorCode)).toBe("validation_failed");
    expect(attr(A.errorMessage)).toMatch(/^invalid event: body/);
    expect(attr(A.sourceQueue)).toContain(rt.queues.events.slice(rt.queues.events.lastIndexOf("/") + 1));
    expect(attr(A.receiveCount)).toBe("1");
  });

  it("a webhook job that is not { tenantId, deliveryId } lands in the webhooks DLQ at once", async () => {
    const jobs = new SqsQueue<unknown>({ client: sqs, queueUrl: rt.queues.webhooks });
    const marker = `bogus-${Date.now().toString(36)}`;
    // Webhooks is FIFO (one group per endpoint and session)
    await jobs.send({ marker }, { groupId: marker, deduplicationId: marker });
    const dead = await deadLetter(rt.queues.webhooksDlq, (m) => (m.Body ?? "").includes(marker));
    expect(JSON.parse(dead.Body ?? "")).toEqual({ marker });
    expect(dead.MessageAttributes?.[A.errorCode]?.StringValue).toBe("validation_failed");
  });
});
