/**
 * A CPU profile of DynamoDB Local (a JVM) while a bench runs: Java Flight Recorder started and
 * stopped through `jcmd`, summarised from `jfr print --json` (both ship with the JDK). It shows
 * where the emulator's own CPU goes per request (HTTP, JSON, expression parsing, SQLite), which
 * on a shared machine is CPU the measured processes do not get.
 */
import { execFileSync } from "node:child_process";

interface JfrFrame {
  method: { name: string; type: { name: string } };
}
interface JfrEvent {
  values: { stackTrace?: { frames: JfrFrame[] } | null };
}

/** Starts a recording (the JDK's `profile` settings: stack samples every 10 ms). */
export function startJavaProfile(pid: number, file: string): { stop(): string } {
  const name = "wharf-bench";
  execFileSync("jcmd", [String(pid), "JFR.start", `name=${name}`, "settings=profile"], { stdio: "ignore" });
  return {
    stop() {
      execFileSync("jcmd", [String(pid), "JFR.stop", `name=${name}`, `filename=${file}`], { stdio: "ignore" });
      return summariseJavaProfile(file);
    },
  };
}

/** The top frames by own samples, and the share of samples each package (first 3 name parts) is on the stack for. */
export function summariseJavaProfile(file: string, top = 12): string {
  const json = execFileSync("jfr", ["print", "--json", "--events", "jdk.ExecutionSample", file], {
    maxBuffer: 1 << 30,
  }).toString();
  const events = (JSON.parse(json) as { recording: { events: JfrEvent[] } }).recording.events;
  const own = new Map<string, number>();
  const onStack = new Map<string, number>();
  const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let samples = 0;
  for (const e of events) {
    const frames = e.values.stackTrace?.frames ?? [];
    const leaf = frames[0];
    if (!leaf) continue;
    samples++;
    add(own, `${leaf.method.type.name.replaceAll("/", ".")}.${leaf.method.name}`);
    const packages = new Set(frames.map((f) => f.method.type.name.split("/").slice(0, 3).join(".")));
    for (const p of packages) add(onStack, p);
  }
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, n]) => `    ${((n / Math.max(samples, 1)) * 100).toFixed(1).padStart(5)} %  ${k}`);
  return [
    `DynamoDB Local CPU profile (${file}): ${samples} Java stack samples`,
    "  own samples, top frames:",
    ...rows(own),
    "  on the stack, by package:",
    ...rows(onStack),
  ].join("\n");
}
