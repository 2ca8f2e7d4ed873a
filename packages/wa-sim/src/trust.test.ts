import { Curve, WA_CERT_DETAILS } from "@whiskeysockets/baileys";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorRootPublicKey } from "./root-key";
import type { Simulator } from "./simulator";
import { connectClient, createTrustedSimulator } from "./testing";
import { isSimulatorRootTrusted, restoreWhatsAppRoot, trustSimulatorRoot } from "./trust";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
let sim: Simulator;

beforeAll(async () => {
  sim = await createTrustedSimulator();
});
afterAll(async () => {
  await sim.close();
});

const runPreloaded = (env: Record<string, string>) =>
  spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      "./src/preload.ts",
      "--input-type=module",
      "-e",
      'const { WA_CERT_DETAILS } = await import("@whiskeysockets/baileys"); console.log("ROOT=" + WA_CERT_DETAILS.PUBLIC_KEY.toString("hex"));',
    ],
    { cwd: packageDir, env: { ...process.env, WHARF_WA_SIM_TRUST: "", ...env }, encoding: "utf8", timeout: 20_000 },
  );

describe("trusting the simulator root", () => {
  it("refuses without the explicit flag or with a malformed key", () => {
    expect(() => trustSimulatorRoot(sim.rootPublicKey, {} as never)).toThrow(/iKnowThisIsTheSimulator/);
    expect(() => trustSimulatorRoot(Buffer.alloc(5), { iKnowThisIsTheSimulator: true })).toThrow(/32 bytes/);
  });

  it("switches Baileys' pinned root to the simulator's and back", () => {
    restoreWhatsAppRoot();
    expect(isSimulatorRootTrusted()).toBe(false);
    expect(WA_CERT_DETAILS.PUBLIC_KEY.equals(sim.rootPublicKey)).toBe(false);
    trustSimulatorRoot(sim.rootPublicKey, { iKnowThisIsTheSimulator: true });
    expect(isSimulatorRootTrusted()).toBe(true);
    expect(WA_CERT_DETAILS.PUBLIC_KEY.equals(sim.rootPublicKey)).toBe(true);
  });

  it("a client that pins WhatsApp's root refuses the simulator's certificate: no QR, the socket closes", async () => {
    restoreWhatsAppRoot();
    try {
      const client = connectClient({ url: sim.url });
      await client.waitForClose();
      expect(client.qrs).toEqual([]);
      expect(client.isOpen).toBe(false);
    } finally {
      trustSimulatorRoot(sim.rootPublicKey, { iKnowThisIsTheSimulator: true });
    }
  });

  it("Baileys' Curve.verify answers false for a signature that does not match (patched: it answered true)", () => {
    const { public: pub, private: priv } = Curve.generateKeyPair();
    const message = Buffer.from("certificate details");
    const signature = Buffer.from(Curve.sign(priv, message));
    expect(Curve.verify(pub, message, signature)).toBe(true);
    const forged = Buffer.from(signature);
    forged[10] = (forged[10] ?? 0) ^ 1;
    expect(Curve.verify(pub, message, forged)).toBe(false);
    expect(Curve.verify(pub, Buffer.from("other details"), signature)).toBe(false);
  });

  it("the preload refuses to load without WHARF_WA_SIM_TRUST=1", () => {
    const result = runPreloaded({});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/WHARF_WA_SIM_TRUST=1/);
    expect(result.stdout).not.toMatch(/ROOT=/);
  });

  it("the preload trusts the default simulator root (or the one given) when enabled", () => {
    const byDefault = runPreloaded({ WHARF_WA_SIM_TRUST: "1" });
    expect(byDefault.stdout).toContain(`ROOT=${simulatorRootPublicKey().toString("hex")}`);
    expect(byDefault.stderr).toMatch(/WA SIMULATOR MODE/);
    const custom = simulatorRootPublicKey("another-seed").toString("hex");
    const given = runPreloaded({ WHARF_WA_SIM_TRUST: "1", WHARF_WA_SIM_ROOT_KEY: custom });
    expect(given.stdout).toContain(`ROOT=${custom}`);
  });
});
