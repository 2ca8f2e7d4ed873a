/**
 * Preload for child processes that run Baileys against the simulator:
 *   WHARF_WA_SIM_TRUST=1 node --import tsx --import @wharf/wa-sim/preload app.ts
 * It refuses to load (throws, so the process exits) without WHARF_WA_SIM_TRUST=1: importing it by
 * mistake cannot silently switch a production process to the simulator. The root defaults to the
 * simulator's fixed-seed root; WHARF_WA_SIM_ROOT_KEY (hex, see GET /admin/root-key) overrides it.
 * This is the only place in the package that reads these variables.
 */
import { simulatorRootPublicKey } from "./root-key";
import { trustSimulatorRoot } from "./trust";

if (process.env.WHARF_WA_SIM_TRUST !== "1") {
  throw new Error(
    "@wharf/wa-sim/preload refused: set WHARF_WA_SIM_TRUST=1 to run this process against the WhatsApp simulator",
  );
}

const rootHex = process.env.WHARF_WA_SIM_ROOT_KEY;
if (rootHex !== undefined && !/^[0-9a-f]{64}$/i.test(rootHex)) {
  throw new Error("@wharf/wa-sim/preload refused: WHARF_WA_SIM_ROOT_KEY must be 64 hex characters");
}

trustSimulatorRoot(rootHex ? Buffer.from(rootHex, "hex") : simulatorRootPublicKey(), { iKnowThisIsTheSimulator: true });
