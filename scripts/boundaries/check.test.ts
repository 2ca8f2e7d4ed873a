import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkBoundaries, findCycles } from "./check";
import { BOUNDARY_TABLE } from "./table";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const NOT_COPIED = new Set(["node_modules", ".git", "dist", ".wharf", ".sst", "coverage"]);

/** A copy of the repo's manifests and sources, to break on purpose. */
function copyTree(): string {
  const dir = mkdtempSync(join(tmpdir(), "wharf-boundaries-"));
  for (const top of ["packages", "infra"]) {
    cpSync(join(REPO, top), join(dir, top), { recursive: true, filter: (src) => !NOT_COPIED.has(basename(src)) });
  }
  return dir;
}

function edit(root: string, file: string, change: (text: string) => string): void {
  writeFileSync(join(root, file), change(readFileSync(join(root, file), "utf8")));
}

describe("package boundary check", () => {
  let tree: string;
  beforeAll(() => {
    tree = copyTree();
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it("passes on the real tree", () => {
    const report = checkBoundaries(REPO, BOUNDARY_TABLE);
    expect(report.violations.map((v) => v.message)).toEqual([]);
    expect(report.packages).toBeGreaterThanOrEqual(10);
  });

  it("passes on the untouched copy, so the failures below come from the edits alone", () => {
    expect(checkBoundaries(tree, BOUNDARY_TABLE).violations).toEqual([]);
  });

  it("fails when core imports the AWS SDK or contracts imports core, naming the file and the rule", () => {
    writeFileSync(
      join(tree, "packages/core/src/bad-sdk.ts"),
      'import { DynamoDBClient } from "@aws-sdk/client-dynamodb";\nexport const c = DynamoDBClient;\n',
    );
    writeFileSync(join(tree, "packages/contracts/src/bad-core.ts"), 'export { newId } from "@wharf/core";\n');
    try {
      const { violations } = checkBoundaries(tree, BOUNDARY_TABLE);
      expect(violations).toHaveLength(2);
      expect(violations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            rule: "aws-sdk",
            file: "packages/core/src/bad-sdk.ts",
            target: "@aws-sdk/client-dynamodb",
          }),
          expect.objectContaining({
            rule: "workspace-import",
            file: "packages/contracts/src/bad-core.ts",
            target: "@wharf/core",
          }),
        ]),
      );
      expect(violations.map((v) => v.message).join("\n")).toMatch(
        /packages\/core\/src\/bad-sdk\.ts: imports @aws-sdk\/client-dynamodb: only packages\/aws imports the AWS SDK/,
      );
      expect(violations.map((v) => v.message).join("\n")).toMatch(
        /packages\/contracts\/src\/bad-core\.ts: imports @wharf\/core: production code of @wharf\/contracts may import no workspace package/,
      );
    } finally {
      rmSync(join(tree, "packages/core/src/bad-sdk.ts"));
      rmSync(join(tree, "packages/contracts/src/bad-core.ts"));
    }
  });

  it("fails on a devDependency cycle: aws's tests using the local runtime", () => {
    const manifest = "packages/aws/package.json";
    const original = readFileSync(join(tree, manifest), "utf8");
    edit(tree, manifest, (t) =>
      t.replace('"devDependencies": {', '"devDependencies": { "@wharf/local": "workspace:*",'),
    );
    try {
      const { violations } = checkBoundaries(tree, BOUNDARY_TABLE);
      expect(violations).toContainEqual(
        expect.objectContaining({ rule: "package-json", file: manifest, target: "@wharf/local" }),
      );
      const cycle = violations.find((v) => v.rule === "cycle");
      expect(cycle?.message).toMatch(/package cycle .*@wharf\/aws → @wharf\/local → .*@wharf\/aws/);
    } finally {
      writeFileSync(join(tree, manifest), original);
    }
  });

  it("treats a vitest config's path into another package as a dependency on it", () => {
    const config = "packages/core/vitest.config.ts";
    const original = readFileSync(join(tree, config), "utf8");
    edit(
      tree,
      config,
      (t) => `${t}\nexport const setup = new URL("../aws/src/testing/global-setup.ts", import.meta.url);\n`,
    );
    try {
      const { violations } = checkBoundaries(tree, BOUNDARY_TABLE);
      expect(violations).toEqual([
        expect.objectContaining({ rule: "workspace-import", file: config, target: "@wharf/aws" }),
      ]);
    } finally {
      writeFileSync(join(tree, config), original);
    }
  });

  it("fails on a production import of an undeclared package or a test helper", () => {
    writeFileSync(
      join(tree, "packages/fleet/src/bad.ts"),
      'import "left-pad";\nimport { sessionRecord } from "@wharf/core/testing";\nexport { sessionRecord };\n',
    );
    try {
      const rules = checkBoundaries(tree, BOUNDARY_TABLE).violations.map((v) => `${v.rule} ${v.file} ${v.target}`);
      expect(rules).toEqual([
        "undeclared packages/fleet/src/bad.ts left-pad",
        "testing-in-production packages/fleet/src/bad.ts @wharf/core/testing",
      ]);
    } finally {
      rmSync(join(tree, "packages/fleet/src/bad.ts"));
    }
  });

  it("reports an exception that no longer matches, so the list only shrinks", () => {
    const table = {
      ...BOUNDARY_TABLE,
      exceptions: [
        ...BOUNDARY_TABLE.exceptions,
        { file: "packages/core/src/index.ts", import: "@aws-sdk/*", reason: "test" },
      ],
    };
    const { violations } = checkBoundaries(tree, table);
    expect(violations).toEqual([
      expect.objectContaining({ rule: "stale-exception", file: "packages/core/src/index.ts" }),
    ]);
  });

  it("finds each cycle once, and none in a tree", () => {
    expect(
      findCycles(
        new Map([
          ["a", ["b"]],
          ["b", ["c"]],
          ["c", ["a"]],
        ]),
      ),
    ).toEqual([["a", "b", "c", "a"]]);
    expect(
      findCycles(
        new Map([
          ["a", ["b", "c"]],
          ["b", ["c"]],
          ["c", []],
        ]),
      ),
    ).toEqual([]);
  });
});
