import { describe, expect, it } from "vitest";
import { ReceiptGate } from "./receipt-gate";

const state = (p: Promise<void>) => {
  const s = { value: "pending" as "pending" | "resolved" | "rejected" };
  p.then(
    () => (s.value = "resolved"),
    () => (s.value = "rejected"),
  );
  return s;
};
const tick = () => new Promise((r) => setImmediate(r));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("ReceiptGate", () => {
  it("lets a receipt go only once the message's event is durable", async () => {
    const gate = new ReceiptGate();
    const published = deferred();
    gate.settle("A", published.promise);
    const waited = state(gate.wait("A"));
    await tick();
    expect(waited.value).toBe("pending");
    published.resolve();
    await tick();
    expect(waited.value).toBe("resolved");
    expect(gate.size).toBe(0);
  });

  it("waits for the listener when Baileys asks first (buffered upserts)", async () => {
    const gate = new ReceiptGate();
    const waited = state(gate.wait("B"));
    await tick();
    expect(waited.value).toBe("pending");
    gate.settle("B");
    await tick();
    expect(waited.value).toBe("resolved");
    expect(gate.size).toBe(0);
  });

  it("never releases a receipt once the socket closed: the server keeps the message", async () => {
    const gate = new ReceiptGate();
    const waited = state(gate.wait("C"));
    gate.close();
    await tick();
    expect(waited.value).toBe("rejected");
    const late = state(gate.wait("D"));
    gate.settle("D");
    await tick();
    expect(late.value).toBe("rejected");
  });

  it("sends no receipt for a message whose publish ends after the socket closed", async () => {
    const gate = new ReceiptGate();
    const published = deferred();
    gate.settle("E", published.promise);
    const waited = state(gate.wait("E"));
    gate.close();
    published.resolve();
    await tick();
    expect(waited.value).toBe("rejected");
  });

  it("keeps at most a bounded number of messages nobody asks a receipt for", () => {
    const gate = new ReceiptGate();
    for (let i = 0; i < 10_050; i++) gate.settle(`m${i}`);
    expect(gate.size).toBeLessThanOrEqual(10_000);
  });
});
