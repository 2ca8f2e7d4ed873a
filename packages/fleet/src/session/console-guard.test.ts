import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Writable } from "node:stream";
import { newId } from "@wharf/core";
import { useTestStack } from "@wharf/aws/testing";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";
import { installConsoleGuard } from "./console-guard";
import { waMessageIdFor } from "./wa-message-id";

function captured(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}

describe("the console guard", () => {
  it("logs only the scrubbed leading text of a console call and puts the console back", () => {
    const out = captured();
    const original = console.info;
    const restore = installConsoleGuard(pino({ level: "debug" }, out.stream));
    try {
      console.info("Closing session:", {
        privKey: Buffer.alloc(32, 7),
        rootKey: "c2VjcmV0LWtleS1tYXRlcmlhbC1iYXNlNjQ=",
      });
      console.error("Session error:Error: Bad MAC", "Error: Bad MAC\n    at SessionCipher.verifyMAC");
      console.warn("to 4915100000777@s.whatsapp.net key c2VjcmV0LWtleS1tYXRlcmlhbC1iYXNlNjQ=");
      console.log({ privKey: Buffer.alloc(32, 7) });
    } finally {
      restore();
    }
    expect(console.info).toBe(original);
    const lines = out
      .text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { msg: string; level: number; dropped: number });
    expect(lines.map((l) => l.msg)).toEqual([
      "Closing session:",
      "Session error:Error: Bad MAC",
      expect.stringMatching(/^to \S+ key <opaque>$/),
      "console output (not text)",
    ]);
    expect(lines.map((l) => l.dropped)).toEqual([1, 1, 0, 1]);
    expect(out.text()).not.toMatch(/privKey|rootKey|c2VjcmV0|4915100000777|Buffer|verifyMAC/);
  });
});

const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

/** A worker process (src/main.ts, as in production) with its stdout and stderr captured. */
async function startCapturedWorker(env: Record<string, string>) {
  const output: string[] = [];
  const child = fork(fileURLToPath(new URL("../main.ts", import.meta.url)), [], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    env: { ...process.env, ...env, WHARF_WA_SIM_TRUST: "1", WHARF_WA_WEBSOCKET_URL: sim.url },
    execArgv: ["--import", "tsx", "--import", "@wharf/wa-sim/preload"],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  child.stdout?.on("data", (c) => output.push(String(c)));
  child.stderr?.on("data", (c) => output.push(String(c)));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  await new Promise<void>((resolve, reject) => {
    child.on("message", (m: { type?: string }) => m?.type === "wharf-worker-ready" && resolve());
    void exited.then(() => reject(new Error(`worker exited before it was ready:\n${output.join("")}`)));
  });
  child.disconnect();
  const stop = () => {
    child.kill("SIGTERM");
    return exited;
  };
  return { output: () => output.join(""), stop };
}

describe("a worker's output", () => {
  it("carries no key material, message text or full phone number, even when libsignal closes a session", async () => {
    const worker = await startCapturedWorker(h.workerEnv({ LOG_LEVEL: "debug" }));
    const account = sim.createAccount();
    const contact = "4915100000999";
    const s = await h.createSession();
    await h.place(s, { method: "qr" });
    await linkSessionByQr(h, sim, s, account.id);

    const texts = ["inbound secret alpha", "outbound secret bravo", "inbound secret charlie"];
    const first = sim.sendText(account.id, contact, texts[0]!);
    await h.events.waitFor(s.sessionId, "message.received", (e) => e.data.waMessageId === first.id);
    const messageId = newId("message");
    await h.command(s, "message.send_text", { messageId, to: contact, text: texts[1]! });
    await expect
      .poll(() => sim.received(account.id).some((r) => r.id === waMessageIdFor(messageId)), { timeout: 20_000 })
      .toBe(true);
    // the contact starts a new Signal session: libsignal closes the old one and prints it
    await sim.resetContactSession(account.id, contact);
    const third = sim.sendText(account.id, contact, texts[2]!);
    await h.events.waitFor(s.sessionId, "message.received", (e) => e.data.waMessageId === third.id);
    await worker.stop();

    const out = worker.output();
    for (const text of texts) expect(out).not.toContain(text);
    expect(out).not.toContain(account.phone);
    expect(out).not.toContain(contact);
    expect(out).not.toMatch(/privKey|pubKey|rootKey|chainKey|baseKey|<Buffer|registrationId/);
    // libsignal did print the closed session, through the guard
    expect(out).toMatch(/"msg":"Closing (open )?session/);
  });
});
