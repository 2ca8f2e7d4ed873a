import { pino, type Logger } from "pino";
import type { SimulatorOptions } from "../options";
import { createSimulator, type Simulator } from "../simulator";
import { trustSimulatorRoot } from "../trust";

export {
  connectClient,
  createMemoryAuthState,
  simulatorSocketConfig,
  testMediaTrust,
  type ConnectClientOptions,
  type ReceivedUpsert,
  type SimClient,
} from "./client";
export { linkByPairingCode, linkByQr, reconnect, type LinkingSimulator, type LinkOptions } from "./link";
export { createMemoryKeyStore } from "../signal/memory-store";
export { silenceLibsignalSessionLogs } from "./quiet-libsignal";

/**
 * For tests: start a quiet simulator and make Baileys in this process trust its root. The trust
 * switch is process-wide and logged at warn level (pass trustLogger to silence it).
 */
export async function createTrustedSimulator(
  options: SimulatorOptions & { trustLogger?: Logger } = {},
): Promise<Simulator> {
  const { trustLogger, ...simOptions } = options;
  const sim = await createSimulator({ logger: pino({ level: "silent" }), ...simOptions });
  trustSimulatorRoot(sim.rootPublicKey, {
    iKnowThisIsTheSimulator: true,
    ...(trustLogger ? { logger: trustLogger } : {}),
  });
  return sim;
}
