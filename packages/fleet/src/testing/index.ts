/** Entry `@wharf/fleet/testing`: the fleet's test and benchmark harness. */
export { FleetHarness, EventCollector, TEST_TIMINGS, type StackInfo, type HarnessClients } from "./harness";
export { linkSessionByQr, linkSessionByPairingCode } from "./linking";
