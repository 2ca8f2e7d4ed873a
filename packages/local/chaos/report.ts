/**
 * Figures of a chaos scenario: rows of counts or times, some of which must be zero (loss,
 * duplicates, stuck keys). A scenario fails when any zero-row is not zero.
 */
export interface Row {
  label: string;
  value: number | string;
  /** a loss/duplicate/stuck row: the scenario passes only if the value is 0 */
  mustBeZero?: boolean;
  /** why it is not zero, or what the figure means */
  note?: string;
}

export interface ScenarioReport {
  id: string;
  title: string;
  rows: Row[];
  /** extra tables (e.g. fault → final status → count), printed after the rows */
  tables?: Array<{ title: string; header: string[]; rows: Array<Array<string | number>> }>;
  /** notes printed under the table (e.g. "started the new worker itself") */
  notes?: string[];
}

export interface Verdict {
  passed: boolean;
  failedRows: Row[];
}

export function verdictOf(report: ScenarioReport): Verdict {
  const failedRows = report.rows.filter((r) => r.mustBeZero && r.value !== 0);
  return { passed: failedRows.length === 0, failedRows };
}

/** A fixed-width text table; numbers right-aligned. */
export function formatTable(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => String(c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[], raw: Array<string | number>) =>
    r
      .map((c, i) => (typeof raw[i] === "number" ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const sep = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(cells[0]!, header), sep, ...rows.map((r, i) => line(cells[i + 1]!, r))].join("\n");
}

export function formatReport(report: ScenarioReport): string {
  const verdict = verdictOf(report);
  const rows = report.rows.map((r) => [
    r.label,
    r.value,
    r.mustBeZero ? (r.value === 0 ? "ok (must be 0)" : "FAIL (must be 0)") : "",
    r.note ?? "",
  ]);
  const parts = [
    `== ${report.id}) ${report.title}: ${verdict.passed ? "PASS" : "FAIL"}`,
    formatTable(["figure", "value", "check", "note"], rows),
  ];
  for (const t of report.tables ?? []) parts.push(`-- ${t.title}`, formatTable(t.header, t.rows));
  for (const n of report.notes ?? []) parts.push(`note: ${n}`);
  return parts.join("\n");
}

/** The suite summary: one line per scenario; the process exits non-zero if any failed. */
export function formatSummary(reports: ScenarioReport[]): { text: string; passed: boolean } {
  const rows = reports.map((r) => {
    const v = verdictOf(r);
    return [r.id, r.title, v.passed ? "PASS" : `FAIL (${v.failedRows.map((f) => f.label).join("; ")})`];
  });
  return {
    text: formatTable(["scenario", "what", "verdict"], rows),
    passed: reports.every((r) => verdictOf(r).passed),
  };
}

/** A scenario that threw: reported as a failed row rather than hiding the other scenarios. */
export function crashedReport(id: string, title: string, err: unknown): ScenarioReport {
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : "";
  const message = err instanceof Error ? `${err.message}${cause}` : String(err);
  return { id, title, rows: [{ label: "scenario crashed", value: 1, mustBeZero: true, note: message }] };
}
