import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import type { BoundaryException, BoundaryTable, PackageRule } from "./table";

export type BoundaryRule =
  | "unknown-package"
  | "package-json"
  | "workspace-import"
  | "aws-sdk"
  | "external"
  | "builtin"
  | "undeclared"
  | "testing-in-production"
  | "cycle"
  | "table-cycle"
  | "stale-exception";

export interface Violation {
  rule: BoundaryRule;
  /** repo-relative file the finding is about (a package.json for declarations and cycles) */
  file: string;
  /** the package imported or declared, when there is one */
  target?: string;
  message: string;
}

export interface BoundaryReport {
  violations: Violation[];
  packages: number;
  files: number;
}

interface Workspace {
  name: string;
  dir: string;
  rule: PackageRule;
  deps: Record<string, string>;
  devDeps: Record<string, string>;
}

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(["node_modules", "dist", ".wharf", "coverage", ".sst", "test-artifacts", "bench-results"]);
/** test-side code: follows the package's devDependency rules */
const DEV_FILE =
  /(^|\/)(testing|test|tests|e2e|bench|scripts|__tests__)\/|\.test\.[cm]?tsx?$|(^|\/)test-[^/]*$|\.config\.[cm]?[jt]s$/;
const URL_LITERAL = /new URL\(\s*["'](\.{1,2}\/[^"']*)["']\s*,\s*import\.meta\.url\s*\)/g;
const BUILTINS = new Set(builtinModules);

/** Checks the workspace under `root` against `table`; never throws for findings, only returns them. */
export function checkBoundaries(root: string, table: BoundaryTable): BoundaryReport {
  const violations: Violation[] = [];
  const workspaces = loadWorkspaces(root, table, violations);
  const byDir = new Map(workspaces.map((w) => [w.dir, w]));
  let files = 0;
  for (const ws of workspaces) {
    checkManifest(ws, table, violations);
    for (const file of sourceFiles(join(root, ws.dir))) {
      files++;
      checkSource(root, ws, file, byDir, table, violations);
    }
  }
  checkCycles(workspaces, violations);
  checkTableCycles(table, violations);
  return { violations: applyExceptions(violations, table.exceptions), packages: workspaces.length, files };
}

function loadWorkspaces(root: string, table: BoundaryTable, violations: Violation[]): Workspace[] {
  const dirs = readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, "packages", d.name, "package.json")))
    .map((d) => `packages/${d.name}`);
  if (existsSync(join(root, "infra", "package.json"))) dirs.push("infra");
  const found: Workspace[] = [];
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as {
      name: string;
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    const rule = table.packages[manifest.name];
    if (!rule || rule.dir !== dir) {
      const message = `${manifest.name} (${dir}) is not in the boundary table (scripts/boundaries/table.ts, DESIGN §2)`;
      violations.push({ rule: "unknown-package", file: `${dir}/package.json`, message });
      continue;
    }
    found.push({
      name: manifest.name,
      dir,
      rule,
      deps: manifest.dependencies ?? {},
      devDeps: manifest.devDependencies ?? {},
    });
  }
  return found;
}

const isWorkspace = (name: string, table: BoundaryTable): boolean => name in table.packages;
const isAwsSdk = (name: string): boolean => name.startsWith("@aws-sdk/");
const allowedWorkspace = (rule: PackageRule, dev: boolean): readonly string[] =>
  dev ? [...rule.imports, ...(rule.devImports ?? [])] : rule.imports;
const sdkAllowed = (rule: PackageRule, dev: boolean): boolean =>
  rule.awsSdk === "all" || (rule.awsSdk === "tests" && dev);

/** (a) what package.json declares: workspace dependencies and the AWS SDK follow the table. */
function checkManifest(ws: Workspace, table: BoundaryTable, violations: Violation[]): void {
  const file = `${ws.dir}/package.json`;
  for (const [deps, dev] of [
    [ws.deps, false],
    [ws.devDeps, true],
  ] as const) {
    const field = dev ? "devDependencies" : "dependencies";
    for (const name of Object.keys(deps)) {
      if (isWorkspace(name, table) && !allowedWorkspace(ws.rule, dev).includes(name)) {
        const allowed = allowedWorkspace(ws.rule, dev).join(", ") || "no workspace package";
        violations.push({
          rule: "package-json",
          file,
          target: name,
          message: `${file}: ${field} lists ${name}; ${ws.name} may depend on ${allowed}`,
        });
      } else if (isAwsSdk(name) && !sdkAllowed(ws.rule, dev)) {
        violations.push({
          rule: "aws-sdk",
          file,
          target: name,
          message: `${file}: ${field} lists ${name}; only packages/aws uses the AWS SDK`,
        });
      } else if (!dev && ws.rule.externals && !isWorkspace(name, table) && !ws.rule.externals.includes(name)) {
        const message = `${file}: dependencies lists ${name}; ${ws.name} may use only ${ws.rule.externals.join(", ")}`;
        violations.push({ rule: "external", file, target: name, message });
      }
    }
  }
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* sourceFiles(join(dir, entry.name));
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) {
      yield join(dir, entry.name);
    }
  }
}

/** Module specifiers a file uses: imports, re-exports, dynamic imports, and `new URL("../x", import.meta.url)` paths. */
export function importsOf(text: string): string[] {
  const specs = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  for (const m of text.matchAll(URL_LITERAL)) if (m[1]) specs.push(m[1]);
  return specs;
}

function packageName(spec: string): string {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? spec);
}

/** (b) every import of a source file against its package's rules (dev rules for test code). */
function checkSource(
  root: string,
  ws: Workspace,
  path: string,
  byDir: Map<string, Workspace>,
  table: BoundaryTable,
  violations: Violation[],
): void {
  const file = relative(root, path).split(sep).join("/");
  const dev = DEV_FILE.test(relative(join(root, ws.dir), path).split(sep).join("/"));
  const kind = dev ? "test code" : "production code";
  const add = (rule: BoundaryRule, target: string, why: string) =>
    violations.push({ rule, file, target, message: `${file}: imports ${target}: ${why}` });
  for (const spec of new Set(importsOf(readFileSync(path, "utf8")))) {
    let name: string;
    if (spec.startsWith(".")) {
      const target = owningWorkspace(root, resolve(dirname(path), spec), byDir);
      if (!target || target === ws) continue;
      name = target.name;
    } else if (spec.startsWith("node:") || BUILTINS.has(packageName(spec))) {
      const builtin = spec.startsWith("node:") ? spec : `node:${spec}`;
      if (!dev && ws.rule.builtins && !ws.rule.builtins.includes(builtin)) {
        add(
          "builtin",
          builtin,
          `${ws.name} may use only ${ws.rule.builtins.join(", ") || "no node built-ins"} (DESIGN §2)`,
        );
      }
      continue;
    } else {
      name = packageName(spec);
    }
    const declared = dev ? { ...ws.deps, ...ws.devDeps } : ws.deps;
    if (isWorkspace(name, table)) {
      if (!allowedWorkspace(ws.rule, dev).includes(name)) {
        add(
          "workspace-import",
          name,
          `${kind} of ${ws.name} may import ${allowedWorkspace(ws.rule, dev).join(", ") || "no workspace package"} (DESIGN §2)`,
        );
      } else if (!(name in declared)) {
        add(
          "undeclared",
          name,
          `not in ${ws.dir}/package.json ${dev ? "dependencies or devDependencies" : "dependencies"}`,
        );
      } else if (!dev && /^@wharf\/[^/]+\/testing(\/|$)/.test(spec)) {
        add("testing-in-production", spec, "test helpers are for test code only");
      }
    } else if (isAwsSdk(name)) {
      if (!sdkAllowed(ws.rule, dev))
        add(
          "aws-sdk",
          name,
          `only packages/aws imports the AWS SDK${ws.rule.awsSdk === "tests" ? " (tests here may)" : ""}`,
        );
      else if (!(name in declared)) add("undeclared", name, `not in ${ws.dir}/package.json`);
    } else if (!dev && ws.rule.externals && !ws.rule.externals.includes(name)) {
      add("external", name, `${ws.name} may use only ${ws.rule.externals.join(", ")} (DESIGN §2)`);
    } else if (!(name in declared) && !(typesPackage(name) in ws.deps || typesPackage(name) in ws.devDeps)) {
      // a package known only through @types/* is types-only, erased at build: a devDependency is enough
      add(
        "undeclared",
        name,
        `not in ${ws.dir}/package.json ${dev ? "dependencies or devDependencies" : "dependencies"}`,
      );
    }
  }
}

const typesPackage = (name: string): string =>
  `@types/${name.startsWith("@") ? name.slice(1).replace("/", "__") : name}`;

function owningWorkspace(root: string, target: string, byDir: Map<string, Workspace>): Workspace | undefined {
  const rel = relative(root, target).split(sep).join("/");
  for (const [dir, ws] of byDir) if (rel === dir || rel.startsWith(`${dir}/`)) return ws;
  return undefined;
}

/** (c) cycles among what the package.json files declare, devDependencies included. */
function checkCycles(workspaces: Workspace[], violations: Violation[]): void {
  const edges = new Map(
    workspaces.map((w) => [
      w.name,
      Object.keys({ ...w.deps, ...w.devDeps }).filter((d) => workspaces.some((o) => o.name === d)),
    ]),
  );
  for (const cycle of findCycles(edges)) {
    const first = workspaces.find((w) => w.name === cycle[0]);
    const file = `${first?.dir ?? cycle[0]}/package.json`;
    violations.push({
      rule: "cycle",
      file,
      target: cycle[1],
      message: `${file}: package cycle ${cycle.join(" → ")} (dependencies and devDependencies)`,
    });
  }
}

/** The table itself must not allow a cycle, or a later change could add one without breaking a rule. */
function checkTableCycles(table: BoundaryTable, violations: Violation[]): void {
  const edges = new Map(
    Object.entries(table.packages).map(([name, r]) => [name, [...r.imports, ...(r.devImports ?? [])]]),
  );
  for (const cycle of findCycles(edges)) {
    const message = `scripts/boundaries/table.ts: the table allows the cycle ${cycle.join(" → ")}`;
    violations.push({ rule: "table-cycle", file: "scripts/boundaries/table.ts", message });
  }
}

/** One cycle per strongly connected group, as a closed path (first name repeated at the end). */
export function findCycles(edges: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]): void => {
    const at = path.indexOf(node);
    if (at >= 0) {
      cycles.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of [...edges.keys()].sort()) visit(node, []);
  // the same cycle found from different starting points is reported once
  const seen = new Set<string>();
  return cycles.filter((c) => {
    const key = [...c.slice(1)].sort().join(",");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function applyExceptions(violations: Violation[], exceptions: readonly BoundaryException[]): Violation[] {
  const matches = (e: BoundaryException, v: Violation) =>
    v.file === e.file &&
    v.target !== undefined &&
    (e.import === v.target || (e.import === "@aws-sdk/*" && isAwsSdk(v.target)));
  const kept = violations.filter(
    (v) => v.rule === "cycle" || v.rule === "table-cycle" || !exceptions.some((e) => matches(e, v)),
  );
  for (const e of exceptions) {
    if (!violations.some((v) => v.rule !== "cycle" && matches(e, v))) {
      const message = `${e.file}: the boundary exception for ${e.import} no longer matches anything; remove it from scripts/boundaries/table.ts`;
      kept.push({ rule: "stale-exception", file: e.file, target: e.import, message });
    }
  }
  return kept;
}
