import { describe, expect, it } from "vitest";
import { StatusReceiptGate } from "./status-receipt-gate";

const DELIVERED = 3;
const READ = 4;
const ours = (id: string) => id.startsWith("W");

function deferred() {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** "pending" until the promise settles, then "acked" or "held". */
function track(p: Promise<void>): { state: string } {
  const t = { state: "pending" };
  p.then(
    () => (t.state = "acked"),
    () => (t.state = "held"),
  );
  return t;
}

const tick = () => new Promise((r) => setImmediate(r));

describe("StatusReceiptGate", () => {
  it("acks a receipt only once the status it reported is durable", async () => {
    const gate = new StatusReceiptGate(ours);
    const ack = track(gate.wait(["W1"], DELIVERED));
    const durable = deferred();
    gate.settle("W1", DELIVERED, durable.promise);
    await tick();
    expect(ack.state).toBe("pending");
    durable.resolve();
    await tick();
    expect(ack.state).toBe("acked");
    expect(gate.size).toBe(0);
  });

  it("acks at once a receipt for messages Wharf does not report", async () => {
    const gate = new StatusReceiptGate(ours);
    const ack = track(gate.wait(["X1", "X2"], DELIVERED));
    await tick();
    expect(ack.state).toBe("acked");
  });

  it("waits for every reported id of a receipt", async () => {
    const gate = new StatusReceiptGate(ours);
    const ack = track(gate.wait(["W1", "X9", "W2"], DELIVERED));
    gate.settle("W1", DELIVERED, Promise.resolve());
    await tick();
    expect(ack.state).toBe("pending");
    gate.settle("W2", DELIVERED, Promise.resolve());
    await tick();
    expect(ack.state).toBe("acked");
  });

  it("lets one merged read update settle both the delivered and the read receipt", async () => {
    const gate = new StatusReceiptGate(ours);
    const delivered = track(gate.wait(["W1"], DELIVERED));
    const read = track(gate.wait(["W1"], READ));
    gate.settle("W1", READ, Promise.resolve());
    await tick();
    expect([delivered.state, read.state]).toEqual(["acked", "acked"]);
  });

  it("does not ack a read receipt on the delivered status", async () => {
    const gate = new StatusReceiptGate(ours);
    const delivered = track(gate.wait(["W1"], DELIVERED));
    const read = track(gate.wait(["W1"], READ));
    gate.settle("W1", DELIVERED, Promise.resolve());
    await tick();
    expect([delivered.state, read.state]).toEqual(["acked", "pending"]);
    expect(gate.size).toBe(1);
  });

  it("never acks once the socket closed, so the server sends the receipt again", async () => {
    const gate = new StatusReceiptGate(ours);
    const before = track(gate.wait(["W1"], DELIVERED));
    gate.close();
    const after = track(gate.wait(["W2"], DELIVERED));
    gate.settle("W1", DELIVERED, Promise.resolve());
    await tick();
    expect([before.state, after.state]).toEqual(["held", "held"]);
  });

  it("holds the ack when the status could not be made durable", async () => {
    const gate = new StatusReceiptGate(ours);
    const ack = track(gate.wait(["W1"], DELIVERED));
    gate.settle("W1", DELIVERED, Promise.reject(new Error("outbox down")));
    await tick();
    expect(ack.state).toBe("held");
  });

  it("uses a settle that came before its wait", async () => {
    const gate = new StatusReceiptGate(ours);
    gate.settle("W1", READ, Promise.resolve());
    const ack = track(gate.wait(["W1"], DELIVERED));
    await tick();
    expect(ack.state).toBe("acked");
  });
});
