import type { FleetEvent } from "@wharf/contracts";
import { useTestStack } from "@wharf/aws/testing";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventSink } from "../events/event-sink";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";

/**
 * A message WhatsApp delivered but Wharf never published (the worker died in between) is not
 * lost: the delivery receipt waits for the publish, so WhatsApp delivers the message again.
 * The test loses the event the way a dying worker would (it never reaches SQS) while the
 * socket is replaced, and expects the message from the next socket.
 */
const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;

const CONTACT = "4915100000777";
// a first login generates prekeys on a shared, busy machine: the lease must outlast that pause
const TIMINGS = { leaseTtlMs: 10_000, leaseRenewMs: 2_000 };

/** Holds the first message.received; `lose()` then drops it unpublished. Everything else goes through. */
class LosingSink implements EventSink {
  held: FleetEvent | null = null;
  private drop: (() => void) | null = null;
  constructor(private readonly inner: EventSink) {}
  publish(event: FleetEvent): Promise<void> {
    if (event.type !== "message.received" || this.held) return this.inner.publish(event);
    this.held = event;
    return new Promise<void>((resolve) => (this.drop = resolve));
  }
  lose(): void {
    this.drop?.();
  }
}

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

describe("delivery receipts wait until the message is published", () => {
  it("gets a message again from WhatsApp when its event was lost before it was published", async () => {
    let sink: LosingSink | undefined;
    await h.startWorker(TIMINGS, undefined, undefined, (standard) => {
      sink = new LosingSink(standard);
      return sink;
    });
    const account = sim.createAccount();
    const s = await h.createSession();
    await h.place(s, { method: "qr" });
    await linkSessionByQr(h, sim, s, account.id);
    const mark = h.events.length;

    const { id } = sim.sendText(account.id, CONTACT, "received, never published");
    // decrypted and handed to the sink: past the point where Baileys used to send the receipt
    await expect.poll(() => sink?.held?.type, { timeout: 20_000 }).toBe("message.received");
    expect(sim.inbox(account.id).find((r) => r.id === id)?.status).toBe("sent");

    // the socket goes (as with a worker that dies); WhatsApp gives the next socket the message again
    sim.disconnect(account.id, "restart-required");
    await expect.poll(() => sim.inbox(account.id).find((r) => r.id === id)?.attempts, { timeout: 30_000 }).toBe(2);
    sink?.lose();

    const again = await h.events.waitFor(s.sessionId, "message.received", (e) => e.data.waMessageId === id, {
      after: mark,
      timeoutMs: 30_000,
    });
    expect(again.id).not.toBe(sink?.held?.id);
    await expect.poll(() => sim.inbox(account.id).find((r) => r.id === id)?.status).toBe("delivered");
  });
});
