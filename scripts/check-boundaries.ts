/**
 * The package boundary check (DESIGN §2): `pnpm run check:boundaries`. Fails when a
 * package.json or an import crosses scripts/boundaries/table.ts, or when packages form a cycle.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkBoundaries } from "./boundaries/check";
import { BOUNDARY_TABLE } from "./boundaries/table";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const report = checkBoundaries(root, BOUNDARY_TABLE);
for (const v of report.violations) process.stderr.write(`[${v.rule}] ${v.message}\n`);
if (report.violations.length > 0) {
  process.stderr.write(
    `boundaries: ${report.violations.length} violation(s); the table is scripts/boundaries/table.ts (DESIGN §2)\n`,
  );
  process.exit(1);
}
process.stdout.write(`boundaries: ${report.packages} packages, ${report.files} files, no violations\n`);
