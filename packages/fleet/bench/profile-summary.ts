/**
 * Bottom-up summary of a V8 .cpuprofile (the fleet bench's `--send-prof FILE`, or node
 * --cpu-prof): the top frames by self time, then self time by package (node_modules name,
 * a workspace package, node's own code, or V8's idle/GC/program), in ms and % of the samples.
 *
 *   npx tsx bench/profile-summary.ts /tmp/send.cpuprofile [--top 15] [--per N] [--stacks frame]
 * With `--per N` the ms are also divided by N (e.g. the sent messages: CPU ms per message).
 * With `--stacks NAME`, the heaviest callers (5 frames up) of frames whose name (function and
 * file:line) contains NAME. With `--inclusive A,B,..`, the time of samples with a frame matching
 * each name anywhere on their stack (each sample counted once per name): CPU spent under a
 * concern, e.g. `--inclusive FleetEvent.parse,sendMessage,SqsEventSink`.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: "string", default: "15" },
    per: { type: "string" },
    stacks: { type: "string" },
    inclusive: { type: "string" },
  },
});
const file = positionals[0];
if (!file) throw new Error("usage: profile-summary.ts FILE.cpuprofile [--top 15] [--per N] [--stacks NAME]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const per = values.per ? Number(values.per) : undefined;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// self time of each node: each sample's delta goes to the node it landed in
const selfUs = new Map<number, number>();
for (const [i, id] of profile.samples.entries()) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

/** a package's name from a frame's url: node_modules/(@scope/)name, packages/<name>, node:, or V8 */
function packageOf(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  if (url.startsWith("node:")) return "node:internal";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const ws = /\/packages\/([^/]+)\//.exec(url);
  return ws ? `@wharf/${ws[1]}` : url;
}

const frameName = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url ? `${url.replace(/^.*node_modules\//, "").replace(/^.*\/packages\//, "")}:${lineNumber + 1}` : "";
  return `${functionName || "(anonymous)"} ${where}`.trim();
};

const ms = (us: number) => (us / 1000).toFixed(1);
const pct = (us: number) => `${((us / totalUs) * 100).toFixed(1)} %`;
const perMsg = (us: number) => (per ? ` | ${(us / 1000 / per).toFixed(3)}` : "");

function table(title: string, rows: [string, number][], top: number) {
  console.log(`\n${title}\n| self ms | share |${per ? " ms/msg |" : ""} frame |`);
  console.log(`|---|---|${per ? "---|" : ""}---|`);
  for (const [name, us] of rows.sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`| ${ms(us)} | ${pct(us)}${perMsg(us)} | ${name} |`);
}

const byFrame = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const f = frameName(n);
  byFrame.set(f, (byFrame.get(f) ?? 0) + us);
  const p = packageOf(n.callFrame.url, n.callFrame.functionName);
  byPackage.set(p, (byPackage.get(p) ?? 0) + us);
}
const busyUs = totalUs - (byPackage.get("(idle)") ?? 0);
console.log(
  `profile ${file}: ${ms(profile.endTime - profile.startTime)} ms wall, ${ms(totalUs)} ms sampled, ${ms(busyUs)} ms not idle${per ? `, ${per} messages` : ""}`,
);
table(`top ${values.top} frames by self time`, [...byFrame], Number(values.top));
table("self time by package", [...byPackage], 30);

// node's own code and native frames (writev, writeBuffer, crypto) charged to the nearest caller
// in a package: which package's socket writes, hashing and timers they are
const own = (p: string) => p === "node:internal" || p === "(native)";
const byCaller = new Map<string, number>();
for (const [id, us] of selfUs) {
  let at: number | undefined = id;
  let p = "";
  for (; at !== undefined; at = parent.get(at)) {
    const n = byId.get(at)!;
    p = packageOf(n.callFrame.url, n.callFrame.functionName);
    if (!own(p)) break;
  }
  const key = at === undefined || p === "(root)" ? "(node/native, no package caller)" : p;
  byCaller.set(key, (byCaller.get(key) ?? 0) + us);
}
table("self time by package, node's own and native frames charged to their nearest package caller", [...byCaller], 30);

if (values.stacks) {
  const needle = values.stacks;
  const stacks = new Map<string, number>();
  for (const [id, us] of selfUs) {
    if (!frameName(byId.get(id)!).includes(needle)) continue;
    const chain: string[] = [];
    for (let at: number | undefined = id; at !== undefined && chain.length < 6; at = parent.get(at))
      chain.push(frameName(byId.get(at)!));
    const key = chain.join(" ← ");
    stacks.set(key, (stacks.get(key) ?? 0) + us);
  }
  table(`callers of frames named *${needle}*`, [...stacks], 10);
}

if (values.inclusive) {
  const needles = values.inclusive.split(",").filter(Boolean);
  const under = new Map<string, number>(needles.map((n) => [n, 0]));
  for (const [id, us] of selfUs) {
    const names: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) names.push(frameName(byId.get(at)!));
    for (const needle of needles)
      if (names.some((n) => n.includes(needle))) under.set(needle, (under.get(needle) ?? 0) + us);
  }
  table("time under frames named (inclusive)", [...under], needles.length);
}
