import type { FleetEvent } from "@wharf/contracts";
import { useTestStack } from "@wharf/aws/testing";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { newId } from "@wharf/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventSink } from "../events/event-sink";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";
import { waMessageIdFor } from "../session/wa-message-id";

/**
 * A message WhatsApp delivered but Wharf never published (the worker died in between) is not
 * lost: the delivery receipt waits for the publish, so WhatsApp delivers the message again.
 * The test loses the event the way a dying worker would (it never reaches SQS) while the
 * socket is replaced, and expects the message from the next socket.
 */
const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;
let sink: LosingSink | undefined;
let account: ReturnType<typeof sim.createAccount>;
let s: { tenantId: string; sessionId: string };

const CONTACT = "4915100000777";
// a first login generates prekeys on a shared, busy machine: the lease must outlast that pause
const TIMINGS = { leaseTtlMs: 10_000, leaseRenewMs: 2_000 };

/** Holds the next event `hold` matches; `lose()` then drops it unpublished. Everything else goes through. */
class LosingSink implements EventSink {
  held: FleetEvent | null = null;
  private drop: (() => void) | null = null;
  private hold: ((event: FleetEvent) => boolean) | null = null;
  constructor(private readonly inner: EventSink) {}
  publish(event: FleetEvent): Promise<void> {
    if (!this.hold?.(event)) return this.inner.publish(event);
    this.hold = null;
    this.held = event;
    return new Promise<void>((resolve) => (this.drop = resolve));
  }
  holdNext(hold: (event: FleetEvent) => boolean): void {
    this.held = null;
    this.hold = hold;
  }
  lose(): void {
    this.drop?.();
  }
}

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  await h.startWorker(TIMINGS, undefined, undefined, (standard) => {
    sink = new LosingSink(standard);
    return sink;
  });
  account = sim.createAccount();
  s = await h.createSession();
  await h.place(s, { method: "qr" });
  await linkSessionByQr(h, sim, s, account.id);
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

describe("delivery receipts wait until the message is published", () => {
  it("gets a message again from WhatsApp when its event was lost before it was published", async () => {
    sink?.holdNext((e) => e.type === "message.received");
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

  it("gets a contact's delivery receipt again when the status it reported was lost before it was published", async () => {
    await expect
      .poll(async () => (await h.sessions.get(s.tenantId, s.sessionId))?.status, { timeout: 30_000 })
      .toBe("open");
    const messageId = newId("message");
    await h.command(s, "message.send_text", { messageId, to: CONTACT, text: "delivered, never published" });
    const waId = waMessageIdFor(messageId);
    await expect.poll(() => sim.received(account.id).some((r) => r.id === waId), { timeout: 20_000 }).toBe(true);
    const mark = h.events.length;
    const delivered = (e: FleetEvent) =>
      e.type === "message.status" && e.data.messageId === messageId && e.data.status === "delivered";
    sink?.holdNext(delivered);

    sim.sendReceipts(account.id, "delivered", [waId]);
    // the status reached the sink: past the point where Baileys used to ack the receipt
    await expect.poll(() => sink?.held?.type, { timeout: 20_000 }).toBe("message.status");

    // the socket goes (as with a worker that dies); WhatsApp gives the next socket the receipt again
    const logins = sim.stats().logins;
    sim.disconnect(account.id, "restart-required");
    // a new socket logged in, so the old one is closed: its held ack can no longer go out
    await expect.poll(() => sim.stats().logins, { timeout: 30_000 }).toBeGreaterThan(logins);
    sink?.lose();
    const again = await h.events.waitFor(s.sessionId, "message.status", (e) => delivered(e), {
      after: mark,
      timeoutMs: 30_000,
    });
    expect(again.id).not.toBe(sink?.held?.id);
  });
});
