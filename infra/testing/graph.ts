/**
 * Helpers shared by the graph tests: run sst.config.ts's run() for a stage against the
 * recording stubs, then look components, Lambdas and IAM statements up in what was recorded.
 */
import { expect } from "vitest";
import { createSstStubs, FakeOutput, type Recorded } from "./sst-stubs";

export const stubs = createSstStubs();
stubs.install();

export interface Config {
  app(input: { stage: string }): Promise<{
    name: string;
    home: string;
    removal?: string;
    protect?: boolean;
    providers?: Record<string, unknown>;
  }>;
  run(): Promise<Record<string, unknown> | void>;
}

export async function loadConfig(): Promise<Config> {
  return (await import("../../sst.config")).default as Config;
}

export interface StageGraph {
  outputs: Record<string, unknown>;
  resources: Recorded[];
  wraps: typeof stubs.wraps;
}

/** Runs one stage; `env` is what the deploy process would see (e.g. WHARF_ALARM_EMAIL). */
export async function runStage(config: Config, stage: string, env: Record<string, string> = {}): Promise<StageGraph> {
  stubs.setStage(stage);
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const outputs = (await config.run()) as Record<string, unknown>;
    return { outputs, resources: [...stubs.resources], wraps: [...stubs.wraps] };
  } finally {
    for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
  }
}

export function find(resources: Recorded[], type: string, name: string): Recorded {
  const found = resources.filter((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0]!;
}

export function ofType(resources: Recorded[], type: string): Recorded[] {
  return resources.filter((r) => r.type === type);
}

export function nameOf(resources: Recorded[], instance: unknown): string {
  const found = resources.find((r) => r.instance === instance);
  if (!found) throw new Error(`linked something that is not a component: ${String(instance)}`);
  return found.name;
}

export function linkNames(resources: Recorded[], link: unknown[]): string[] {
  return link.map((l) => nameOf(resources, l)).sort();
}

export function seconds(duration: string): number {
  const [count, unit] = duration.split(" ");
  const factor = unit!.startsWith("minute") ? 60 : unit!.startsWith("hour") ? 3600 : 1;
  return Number(count) * factor;
}

export function value<T>(v: T | FakeOutput<T>): T {
  return v instanceof FakeOutput ? v.value : v;
}

/** Every Lambda definition in the graph, with where it hangs. */
export function lambdas(resources: Recorded[]) {
  const found: { where: string; fn: any; options?: any }[] = [];
  for (const r of resources) {
    for (const call of r.calls) {
      if (call.method === "route") found.push({ where: `${r.name} ${call.args[0]}`, fn: call.args[1] });
      if (call.method === "subscribe")
        found.push({ where: `${r.name} consumer`, fn: call.args[0], options: call.args[1] });
    }
    if (r.type === "sst.aws.CronV2") found.push({ where: r.name, fn: r.args.function });
  }
  return found;
}

export function lambda(resources: Recorded[], where: string) {
  const found = lambdas(resources).find((l) => l.where === where);
  if (!found) throw new Error(`no Lambda at ${where}`);
  return found.fn;
}

export interface Statement {
  actions: string[];
  resources: string[];
}

function statement(s: { actions: string[]; resources: unknown[] }): Statement {
  return { actions: s.actions, resources: s.resources.map((r) => String(value(r))) };
}

/**
 * What a function or service may do: its own permissions plus what its links include
 * (Linkable `include`, or a wrapped component type's link definition).
 */
export function effectivePermissions(
  graph: StageGraph,
  holder: { link?: unknown[]; permissions?: any[] },
): Statement[] {
  const out: Statement[] = (holder.permissions ?? []).map(statement);
  for (const linked of holder.link ?? []) {
    const record = graph.resources.find((r) => r.instance === linked)!;
    const wrapped = graph.wraps.filter((w) => isInstance(linked, w.cls));
    const include = wrapped.length > 0 ? (wrapped.at(-1)!.cb(linked).include ?? []) : defaultInclude(record);
    out.push(...(include as any[]).map(statement));
  }
  return out;
}

/** What SST's own link definitions grant (Dynamo: dynamodb:*, Queue: sqs:*, Bucket: s3:*). */
function defaultInclude(record: { type: string; args: any; instance: any }): unknown[] {
  if (record.type === "sst.aws.Bucket") return [{ actions: ["s3:*"], resources: [record.instance.arn] }];
  if (record.type === "sst.aws.Dynamo") return [{ actions: ["dynamodb:*"], resources: [record.instance.arn] }];
  if (record.type === "sst.aws.Queue") return [{ actions: ["sqs:*"], resources: [record.instance.arn] }];
  return record.args?.include ?? [];
}

function isInstance(linked: unknown, cls: unknown): boolean {
  return typeof cls === "function" && linked instanceof (cls as new () => unknown);
}

export function actionsOn(statements: Statement[], resource: string): string[] {
  return [...new Set(statements.filter((s) => s.resources.includes(resource)).flatMap((s) => s.actions))].sort();
}
