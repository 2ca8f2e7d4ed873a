/**
 * `npm run chaos -- [a b c d e] [--sessions N] [--seconds N] …`: runs the chaos scenarios on
 * the real local stack, prints each one's figures and exits non-zero if a zero-loss row is not
 * zero (or a scenario crashed). Not part of `npm test`: it takes minutes.
 */
import { type ChaosOptions, parseChaosArgs, type ScenarioId } from "./args";
import { crashedReport, formatReport, formatSummary, type ScenarioReport } from "./report";
import { ownerKilledMidStream } from "./scenarios/a-owner-killed-mid-stream";
import { onlyWorkerKilled } from "./scenarios/b-only-worker-killed";
import { webhookOutage } from "./scenarios/c-webhook-outage";
import { disconnectFaults } from "./scenarios/d-disconnect-faults";
import { unicodeEndToEnd } from "./scenarios/e-unicode";

const SCENARIOS: Record<ScenarioId, { title: string; run: (o: ChaosOptions) => Promise<ScenarioReport> }> = {
  a: { title: "owner SIGKILLed mid-stream", run: ownerKilledMidStream },
  b: { title: "only worker SIGKILLed", run: onlyWorkerKilled },
  c: { title: "webhook receiver down 25 h", run: webhookOutage },
  d: { title: "simulator restart and disconnect faults", run: disconnectFaults },
  e: { title: "random Unicode end to end", run: unicodeEndToEnd },
};

async function main() {
  const opts = parseChaosArgs(process.argv.slice(2));
  const reports: ScenarioReport[] = [];
  for (const id of opts.scenarios) {
    const { title, run } = SCENARIOS[id];
    const started = Date.now();
    process.stdout.write(`\n>> ${id}) ${title} …\n`);
    let report: ScenarioReport;
    try {
      report = await run(opts);
    } catch (err) {
      report = crashedReport(id, title, err);
    }
    report.notes = [...(report.notes ?? []), `took ${Math.round((Date.now() - started) / 1000)} s`];
    reports.push(report);
    process.stdout.write(`${formatReport(report)}\n`);
  }
  // again at the end: worker output may have buried the figures printed along the way
  const summary = formatSummary(reports);
  process.stdout.write(`\n== chaos results\n${reports.map(formatReport).join("\n\n")}\n`);
  process.stdout.write(`\n== chaos summary\n${summary.text}\n`);
  process.exit(summary.passed ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
});
